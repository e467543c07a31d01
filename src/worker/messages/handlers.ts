import type { Attachment, Message, MessageSlice } from '../../shared/entities';
import type { Services } from '../compose';
import type { HistoryWindow } from './chat-service';

/** The messages of a session, paged for the message view. */
export const messageHandlers = (services: () => Services) => ({
  /** Up to `limit` messages before `beforeId` (or the newest), oldest first. */
  history: (sessionId: string, beforeId?: string | null, limit?: number): MessageSlice =>
    services().chat.history(sessionId, beforeId ?? null, limit),

  /** Up to `limit` messages after `afterId` (or the oldest), oldest first. */
  historyAfter: (sessionId: string, afterId?: string | null, limit?: number): MessageSlice =>
    services().chat.historyAfter(sessionId, afterId ?? null, limit),

  /** A message with up to `limit` neighbours on each side: what "jump to message" shows. */
  around: (sessionId: string, messageId: string, limit?: number): HistoryWindow =>
    services().chat.around(sessionId, messageId, limit),

  /**
   * Stores a user message; the attachments must be items of the session's content store. With
   * `messageId` (given by the caller before the first attempt) a repeated send stores it once.
   */
  send: (sessionId: string, text: string, attachments?: Attachment[], messageId?: string): Message =>
    services().chat.sendUserMessage(sessionId, text, attachments, messageId),

  /** Replaces the text of one of the user's own messages. */
  edit: (messageId: string, text: string): Message => services().chat.editUserMessage(messageId, text),

  /** Deletes one message; refused with Busy while it is an answer still being written. */
  delete: (messageId: string): void => services().chat.deleteMessage(messageId),

  /** Upserts every message in one transaction, or none (an import, a bench); returns how many. */
  insertMany: (messages: Message[]): number => services().chat.insertMany(messages),
});
