import type { ChangeFeed } from '../change-feed';
import type { Repositories } from '../db/repositories';

export const INTERRUPTED =
  'Interrupted: LibrAgent was closed while this answer was being written. Retry to get a complete answer.';

/**
 * Called once at start: an answer still marked as streaming was cut off when its tab closed.
 * Its partial text stays; it is marked interrupted, with retry, and never left spinning. Apart
 * from the agent, which loads only when an answer is asked for (lazy-agent.ts).
 */
export function markInterruptedAnswers(repos: Repositories, changes: ChangeFeed, now = Date.now()): number {
  const stale = repos.messages.listStreaming();
  for (const message of stale) {
    repos.messages.insert({ ...message, isStreaming: false, error: message.error ?? INTERRUPTED, updatedAt: now });
    changes.emit({ kind: 'messages', sessionId: message.sessionId });
  }
  return stale.length;
}
