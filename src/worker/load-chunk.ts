import { AppError } from '../shared/errors';

/**
 * A part of the worker that most starts never use (the agent with its providers and tools, backup
 * and export), loaded as a chunk of its own the first time it is asked for, so the start parses
 * and runs only what the first screen needs. The service worker precaches every chunk, so this
 * works offline. A failed load (offline before the app was cached, a new version deployed
 * meanwhile) is tried again at the next call.
 */
export function lazyChunk<T>(what: string, load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw new AppError('Internal', `The ${what} could not be loaded. Reload the page and try again.`, { cause: error });
    });
    return loading;
  };
}
