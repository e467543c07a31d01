// Linted as src/ui/state/lint-fixture.ts: the UI may use shared code, its own modules and packages.
import { wrap } from 'comlink';
import { AppError } from '../../shared/errors';
import type { WorkerApi } from '../../shared/api';
import { connectWorker } from '../worker-client/connect-worker';

export const allowed = { wrap, AppError, connectWorker };
export type Allowed = WorkerApi;
