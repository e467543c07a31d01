import { createMemoryState, type MemoryState } from './memory-state';

/**
 * The in-memory twin of a SQLite connection: one state object and all-or-nothing transactions,
 * made by snapshotting the state and restoring it when the work throws.
 */
export class MemoryDatabase {
  state: MemoryState;

  constructor(readonly now: () => number) {
    this.state = createMemoryState(now());
  }

  transaction<T>(work: () => T): T {
    const snapshot = structuredClone(this.state);
    try {
      return work();
    } catch (error) {
      this.state = snapshot;
      throw error;
    }
  }

  nextSeq(): number {
    return this.state.nextSeq++;
  }
}
