// Linted as src/ui/state/lint-fixture.ts: the UI reaches the worker only through shared/api.ts.
import { api } from '../../worker/api';
import type { WorkerApi } from '../../worker/api';

export const reachedAround: WorkerApi = api;
export const loadedLater = () => import('../../worker/api');
