import type { ChangeEvent, ChangeListener } from '../shared/events';

export type { ChangeEvent, ChangeListener };

/** Tells every subscribed view (a Comlink proxy of a UI callback) about writes. */
export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: ChangeEvent): void {
    for (const listener of this.listeners) {
      // A listener whose page went away rejects; it must not fail the write that was just saved.
      Promise.resolve()
        .then(() => listener(event))
        .catch(() => this.listeners.delete(listener));
    }
  }
}
