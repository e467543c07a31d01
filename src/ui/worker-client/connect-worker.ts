import { wrap } from 'comlink';
import type { WorkerApi } from '../../shared/api';
import { installCodedErrorTransfer } from '../../shared/coded-errors';
import { lifeLockName } from '../../shared/life-lock';
import { WorkerHost, type WorkerHandle } from './worker-host';

/**
 * Starts this tab's database worker and returns its host, whose `api` the UI uses. A worker that
 * dies is replaced (see WorkerHost); `onRestarted` hears about it so the UI can say so.
 */
export function connectWorker(onRestarted?: (outcome: { ok: boolean; error?: unknown }) => void): WorkerHost {
  installCodedErrorTransfer();
  return new WorkerHost(spawnWorker, onRestarted);
}

function spawnWorker(): WorkerHandle {
  const name = `libragent-db-${crypto.randomUUID()}`;
  const worker = new Worker(new URL('../../worker/worker.ts', import.meta.url), { type: 'module', name });
  const remote = wrap<WorkerApi>(worker);
  const died = new Promise<void>((resolve) => {
    const locks = navigator.locks;
    if (!locks) return; // Without Web Locks a dead worker is not noticed; its calls stay unanswered.
    // Queue for the worker's life lock only once it holds it: the browser grants it to us when it dies.
    void remote.alive(name).then(() => locks.request(lifeLockName(name), () => resolve()));
  });
  return { remote, died, terminate: () => worker.terminate() };
}
