// Linted as src/shared/api.ts: a value import would pull the worker's code into the UI's bundle.
export { api } from '../worker/api';
