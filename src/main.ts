import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { connectWorker } from './lib/rpc/connect-worker';
import { Connection } from './state/connection.svelte';
import { StorageStatus } from './state/storage.svelte';
import { Workspace } from './state/workspace.svelte';
import type { TestHooks } from './worker/test-hooks';

const api = connectWorker();
const connection = new Connection(api);
const workspace = new Workspace(api);
const storage = new StorageStatus();

/** In e2e builds only: faults named in the URL, and the API on `window` for assertions. */
function testHooks(): TestHooks {
  if (import.meta.env.MODE !== 'e2e') return {};
  (window as unknown as { libragent: typeof api }).libragent = api;
  const params = new URLSearchParams(location.search);
  return {
    failingMigration: params.has('e2e-failing-migration'),
    pretendNoOpfs: params.has('e2e-no-opfs'),
    slowAssistant: params.has('e2e-slow-assistant'),
  };
}

mount(App, { target: document.getElementById('app')!, props: { connection, workspace, storage } });

void connection.start(testHooks()).then(() => {
  if (connection.state === 'ready') return workspace.load();
});
void storage.refresh();
