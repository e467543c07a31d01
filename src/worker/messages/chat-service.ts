import { AppError, invalidInput } from '../../shared/errors';
import { newMessage } from '../db/new-message';
import type { Repositories } from '../db/repositories';
import type { Attachment, Message, MessageSlice } from '../../shared/entities';
import { requireId, requireText } from '../../shared/validate';
import type { ChangeFeed } from '../change-feed';

export const HISTORY_PAGE = 50;

/** A window of a session's history, oldest first, and whether more exists on either side. */
export interface HistoryWindow {
  items: Message[];
  hasOlder: boolean;
  hasNewer: boolean;
}

export class ChatService {
  constructor(
    private readonly repos: Repositories,
    private readonly changes: ChangeFeed,
    private readonly now: () => number = Date.now,
  ) {}

  /** Up to `limit` messages before `beforeId`, or the newest ones. */
  history(sessionId: string, beforeId: string | null = null, limit = HISTORY_PAGE): MessageSlice {
    return this.repos.messages.listBefore(sessionId, beforeId, limit);
  }

  /** Up to `limit` messages after `afterId`, or the oldest ones. */
  historyAfter(sessionId: string, afterId: string | null = null, limit = HISTORY_PAGE): MessageSlice {
    return this.repos.messages.listAfter(sessionId, afterId, limit);
  }

  /** The message `messageId` with up to `limit` messages on each side: what "jump to message" shows. */
  around(sessionId: string, messageId: string, limit = HISTORY_PAGE): HistoryWindow {
    requireId(messageId, 'Message id');
    const message = this.repos.messages.get(messageId);
    if (message.sessionId !== sessionId) throw invalidInput(`Message ${messageId} is not in this session.`);
    const before = this.repos.messages.listBefore(sessionId, messageId, limit);
    const after = this.repos.messages.listAfter(sessionId, messageId, limit);
    return { items: [...before.items, message, ...after.items], hasOlder: before.hasMore, hasNewer: after.hasMore };
  }

  /**
   * Stores what the user typed, with the files attached to it, as a user message of the session.
   * `messageId` (default: a new one) makes a send repeated after a hand-over between tabs store the
   * message once: the repeat returns the message the first attempt stored.
   */
  sendUserMessage(sessionId: string, text: string, attachments: Attachment[] = [], messageId?: string): Message {
    if (!Array.isArray(attachments)) throw invalidInput('attachments must be a list.');
    // A message may be only files; otherwise it needs text. Checked before anything is looked up.
    const content = attachments.length > 0 && typeof text === 'string' && text.trim() === '' ? '' : requireContent(text);
    const session = this.repos.sessions.get(sessionId);
    if (messageId !== undefined) {
      const earlier = this.sentBefore(requireId(messageId, 'Message id'), session.id);
      if (earlier) return earlier;
    }
    const attached = attachments.map((attachment) => {
      const item = this.repos.contentStore.getContent(sessionId, attachment?.contentId);
      return { contentId: item.id, filename: item.filename, mimeType: item.mimeType };
    });
    const message = newMessage(
      { sessionId: session.id, role: 'user', content, attachments: attached.length > 0 ? attached : null, source: 'composer' },
      this.now(),
    );
    if (messageId !== undefined) message.id = messageId;
    this.repos.transaction(() => {
      this.repos.messages.insert(message);
      if (session.name === DEFAULT_SESSION_NAME && content.trim() !== '') {
        this.repos.sessions.rename(session.id, titleFrom(content));
      }
    });
    this.announce(session.id);
    return message;
  }

  private sentBefore(messageId: string, sessionId: string): Message | undefined {
    try {
      const message = this.repos.messages.get(messageId);
      if (message.sessionId !== sessionId || message.role !== 'user') throw invalidInput(`Message ${messageId} already exists.`);
      return message;
    } catch (error) {
      if (error instanceof AppError && error.code === 'NotFound') return undefined;
      throw error;
    }
  }

  /** Replaces the text of one of the user's own messages. */
  editUserMessage(messageId: string, text: string): Message {
    const content = requireContent(text);
    const message = this.repos.messages.get(messageId);
    if (message.role !== 'user') throw invalidInput('Only your own messages can be edited.');
    const edited = { ...message, content, updatedAt: Math.max(this.now(), message.updatedAt) };
    this.repos.messages.insert(edited);
    this.announce(message.sessionId);
    return edited;
  }

  deleteMessage(messageId: string): void {
    const message = this.repos.messages.get(messageId);
    if (message.isStreaming) throw new AppError('Busy', 'This answer is still being written: stop it first, then delete it.');
    this.repos.messages.deleteById(messageId);
    this.announce(message.sessionId);
  }

  /** Bulk import (a restore, an import from another app): one transaction, then one change event per session. */
  insertMany(messages: Message[]): number {
    this.repos.messages.insertMany(messages);
    for (const sessionId of new Set(messages.map((message) => message.sessionId))) {
      this.changes.emit({ kind: 'messages', sessionId });
    }
    this.changes.emit({ kind: 'sessions' });
    return messages.length;
  }

  private announce(sessionId: string): void {
    this.changes.emit({ kind: 'messages', sessionId });
    this.changes.emit({ kind: 'sessions' });
  }
}

export const DEFAULT_SESSION_NAME = 'New session';

/** A session title from the first words of its first message: short, on one line. */
export function titleFrom(text: string): string {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  let title = '';
  for (const word of words) {
    if (title && (title + ' ' + word).length > 48) break;
    title = title ? `${title} ${word}` : word;
    if (title.split(' ').length >= 8) break;
  }
  return Array.from(title).slice(0, 60).join('') || DEFAULT_SESSION_NAME;
}

function requireContent(text: unknown): string {
  const content = requireText(text, 'The message');
  if (content.trim() === '') throw invalidInput('The message is empty: type something first.');
  return content;
}
