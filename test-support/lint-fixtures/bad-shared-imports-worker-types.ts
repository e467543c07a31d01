// Linted as src/shared/lint-fixture.ts: only shared/api.ts may name the worker's types.
export type { WorkerApi } from '../worker/api';
