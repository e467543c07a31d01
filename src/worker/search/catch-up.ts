import { messageSearchText } from './message-text';
import type { SearchSource } from './search-source';
import type { SessionIndex } from './session-index';
import { yieldToCalls } from './yield-to-calls';

/** Messages indexed between two yields: a 100,000-message session never holds the worker for long. */
const CATCH_UP_BATCH = 2_000;

/**
 * Brings `index` up to date: messages written since its counter (in batches, yielding between
 * them), messages deleted since (their count tells), and, when asked, documents added or
 * removed. Writes made meanwhile carry a newer counter than `target` and are read next time.
 * Stops paging once `stopped` says so. Returns whether the index changed.
 */
export async function catchUpIndex(
  source: SearchSource,
  sessionId: string,
  index: SessionIndex,
  checkContents: boolean,
  target: number,
  stopped: () => boolean,
): Promise<boolean> {
  let changed = false;
  if (target !== index.seq) {
    let page = source.messagesChangedSince(sessionId, index.seq, CATCH_UP_BATCH);
    for (;;) {
      for (const message of page.messages) {
        index.putMessage(message.id, messageSearchText(message), message.role, message.createdAt);
      }
      if (!page.next || stopped()) break;
      await yieldToCalls();
      page = source.messagesChangedSince(sessionId, index.seq, CATCH_UP_BATCH, page.next);
    }
    if (index.messageCount !== source.messageCount(sessionId)) {
      const live = source.messageIds(sessionId);
      for (const messageId of [...index.indexedMessageIds()]) if (!live.has(messageId)) index.removeMessage(messageId);
    }
    index.seq = target;
    changed = true;
  }
  if (checkContents) {
    const live = source.contents(sessionId);
    const liveIds = new Set(live.map((content) => content.id));
    for (const content of live) {
      if (index.hasContent(content.id)) continue;
      index.putContent(content.id, content.filename, content.uploadedAt, source.chunkTexts(content.id));
      changed = true;
    }
    for (const contentId of [...index.indexedContentIds()]) {
      if (liveIds.has(contentId)) continue;
      index.removeContent(contentId);
      changed = true;
    }
  }
  return changed;
}
