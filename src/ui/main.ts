import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { connectWorker } from './worker-client/connect-worker';
import type { WorkerHost } from './worker-client/worker-host';
import { Connection } from './state/connection.svelte';
import { StorageStatus } from './state/storage.svelte';
import { Workspace } from './state/workspace.svelte';
import type { TestHooks } from '../shared/api';

const host = connectWorker((outcome) => connection.restarted(outcome));
const api = host.api;
const connection = new Connection(api);
const workspace = new Workspace(api);
const storage = new StorageStatus();

/** In e2e builds only: faults named in the URL, and the API (and the worker) on `window`. */
function testHooks(): TestHooks {
  if (import.meta.env.MODE !== 'e2e') return {};
  const testWindow = window as unknown as { libragent: typeof api; libragentHost: WorkerHost };
  testWindow.libragent = api;
  testWindow.libragentHost = host;
  const params = new URLSearchParams(location.search);
  return {
    failingMigration: params.has('e2e-failing-migration'),
    pretendNoOpfs: params.has('e2e-no-opfs'),
    slowAssistantTickMs: params.has('e2e-slow-assistant') ? Number(params.get('e2e-slow-assistant')) || 100 : undefined,
    damageDatabase: params.has('e2e-damage-database'),
    followerOnly: params.has('e2e-follower-only'),
    internalStartError: params.has('e2e-internal-start-error'),
  };
}

mount(App, { target: document.getElementById('app')!, props: { connection, workspace, storage } });

void connection.start(testHooks()).then(async () => {
  if (connection.state !== 'ready') return;
  try {
    await workspace.load();
  } finally {
    // Once the first screen is drawn (the frame after it has painted), whether or not it loaded.
    requestAnimationFrame(() => setTimeout(() => void connection.watchIntegrity()));
  }
});
void storage.refresh();
