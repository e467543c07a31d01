/**
 * Web Locks held for the life of a worker: the browser releases them when the worker ends (its tab
 * closed, reloaded or crashed, or the worker was terminated), which is what makes them the signal
 * for "the owner is gone" and "this tab's worker died".
 */

/** The lock whose holder owns the database; every other tab's worker waits in line for it. */
export const OWNER_LOCK = 'libragent:database-owner';

/**
 * The lock an owner's worker also holds, named after its id and a proof drawn afresh for its claim
 * (so no page can take it first), so that the claim can be checked: see `holdsDatabase`.
 */
const claimLockName = (tabId: string, proof: string) => `libragent:owner-claim:${tabId}:${proof}`;

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

/** Holds the lock that backs this worker's claim to own the database (`holdsDatabase`); resolves once held. */
export function proveOwnership(tabId: string, proof: string): Promise<void> {
  return holdLock(claimLockName(tabId, proof));
}

/**
 * Whether the worker `tabId` holds the database lock: it holds the lock named after it and the
 * claim's proof (`proveOwnership`) and the database lock with the same client id. Any page of
 * this origin can post a claim on the channel (a real one's proof under its own name, too) and
 * take a lock of any name, but none can hold the database lock while the owner does. (In Chromium every dedicated worker is a client of its own, with an id
 * distinct from its page's and every other worker's, and `query()` shows every holder of the origin.)
 */
export async function holdsDatabase(tabId: string, proof: string): Promise<boolean> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks) return true;
  const { held = [] } = await locks.query();
  const database = held.find((lock) => lock.name === OWNER_LOCK);
  if (!database) return false;
  // A browser that names no client cannot tell holders apart: the claim is believed, as before.
  if (!database.clientId) return true;
  return held.some((lock) => lock.name === claimLockName(tabId, proof) && lock.clientId === database.clientId);
}
