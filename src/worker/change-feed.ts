/**
 * What changed, so each view refreshes only what it shows. `all`: anything may have changed (the
 * database moved to another tab, or this tab's worker was restarted): every view reads again.
 */
export type ChangeEvent =
  | { kind: 'all' }
  | { kind: 'sessions' }
  | { kind: 'assistants' }
  | { kind: 'settings' }
  /** The whole database was replaced (a backup was restored): every view reloads everything. */
  | { kind: 'restored' }
  | { kind: 'messages'; sessionId: string }
  | { kind: 'content'; sessionId: string };

export type ChangeListener = (event: ChangeEvent) => void | Promise<void>;

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
