/**
 * Takes the exclusive Web Lock that makes this worker the one owner of the database, and holds it
 * until the worker ends (tab closed, reloaded or crashed): the browser then releases it for us.
 * Calls `onWaiting` when another tab holds it, then resolves as soon as that tab lets go.
 */
const held = new Set<string>();

export async function holdExclusiveLock(name: string, onWaiting: () => void): Promise<void> {
  const locks = navigator.locks;
  if (!locks) return; // No Web Locks: the OPFS access handles still refuse a second owner.
  if (held.has(name)) return; // Taken by an earlier start of this worker, and held for its life.
  const acquired = await new Promise<boolean>((resolve) => {
    void locks.request(name, { ifAvailable: true }, (lock) => {
      resolve(lock !== null);
      return lock ? foreverPending() : undefined;
    });
  });
  if (!acquired) {
    onWaiting();
    await new Promise<void>((resolve) => {
      void locks.request(name, () => {
        resolve();
        return foreverPending();
      });
    });
  }
  held.add(name);
}

const foreverPending = () => new Promise<never>(() => {});
