// Linted as src/shared/api.ts: the worker's types, re-exported for the UI, are erased at build time.
import type { DatabaseInfo } from '../worker/api';

export type { WorkerApi } from '../worker/api';
export type { ChangeEvent } from './events';
export type Info = DatabaseInfo;
