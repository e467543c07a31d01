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
  | { kind: 'content'; sessionId: string }
  /** A question before a tool call was asked or settled in the session (agent.questions). */
  | { kind: 'questions'; sessionId: string };

export type ChangeListener = (event: ChangeEvent) => void | Promise<void>;
