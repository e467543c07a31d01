import { wrap, type Remote } from 'comlink';
import type { WorkerApi } from '../../worker/api';
import { installCodedErrorTransfer } from './coded-errors';

/** Starts this tab's database worker and returns its typed API. */
export function connectWorker(): Remote<WorkerApi> {
  installCodedErrorTransfer();
  const worker = new Worker(new URL('../../worker/worker.ts', import.meta.url), { type: 'module', name: 'libragent-db' });
  return wrap<WorkerApi>(worker);
}
