import type { Remote } from 'comlink';
import { getContext, setContext } from 'svelte';
import type { WorkerApi } from '../shared/api';

// A Symbol key: no other context can take this one by accident.
const API_KEY = Symbol('libragent-api');

/** App sets the worker's API once; components below it build their state from it with getApi(). */
export function setApiContext(api: Remote<WorkerApi>): void {
  setContext(API_KEY, api);
}

export function getApi(): Remote<WorkerApi> {
  const api = getContext<Remote<WorkerApi> | undefined>(API_KEY);
  if (!api) throw new Error('getApi() is called in a component under App, which sets the API.');
  return api;
}
