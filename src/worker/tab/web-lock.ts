/**
 * Web Locks held for the life of a worker: the browser releases them when the worker ends (its tab
 * closed, reloaded or crashed, or the worker was terminated), which is what makes them the signal
 * for "the owner is gone" and "this tab's worker died".
 */

/** The lock whose holder owns the database; every other tab's worker waits in line for it. */
export const OWNER_LOCK = 'libragent:database-owner';

const foreverPending = () => new Promise<never>(() => {});

/**
 * Takes `name` now if it is free (resolves true), or joins the line for it (resolves false) and
 * calls `onGranted` when the holder lets go. Either way the lock is then held until the worker ends.
 * Without Web Locks it resolves true: the OPFS access handles still refuse a second owner.
 */
export function claimLock(name: string, onGranted: () => void): Promise<boolean> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks) return Promise.resolve(true);
  return new Promise<boolean>((resolve) => {
    void locks.request(name, { ifAvailable: true }, (lock) => {
      if (lock) {
        resolve(true);
        return foreverPending();
      }
      resolve(false);
      void locks.request(name, () => {
        onGranted();
        return foreverPending();
      });
      return undefined;
    });
  });
}

/** Takes `name` (waiting if needed) and holds it for the worker's life; resolves once held. */
export function holdLock(name: string): Promise<void> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks) return Promise.resolve();
  return new Promise<void>((resolve) => {
    void locks.request(name, () => {
      resolve();
      return foreverPending();
    });
  });
}
