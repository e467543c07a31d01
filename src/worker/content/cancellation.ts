/**
 * Cancelling an upload. A cancelled parse is not a failure of the file, so it is not an AppError:
 * it rethrows `signal.reason` (a DOMException named 'AbortError' unless the caller aborted with a
 * reason of its own), and `isAbortError` tells it apart from real failures.
 */

/** How long parsing may run before it lets the worker's event loop take other messages. */
const SLICE_MS = 50;

export function isAbortError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}

/** A macrotask turn: only then can a "cancel" message posted to the worker reach the signal. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * A function to await between units of work (stages, sheets, pages): it yields to the event loop
 * once per time slice, then throws if the signal was aborted.
 */
export function createCheckpoint(signal: AbortSignal | undefined, sliceMs = SLICE_MS): () => Promise<void> {
  let lastYield = performance.now();
  return async () => {
    signal?.throwIfAborted();
    if (performance.now() - lastYield >= sliceMs) {
      await yieldToEventLoop();
      lastYield = performance.now();
    }
    signal?.throwIfAborted();
  };
}
