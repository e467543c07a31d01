import { invalidInput } from '../../lib/db/errors';
import type { Repositories } from '../../lib/db/repositories';
import type { Message, MessageSlice } from '../../lib/db/types';
import { requireText } from '../../lib/db/validate';
import type { ChangeFeed } from '../change-feed';

export const HISTORY_PAGE = 50;

export class ChatService {
  constructor(
    private readonly repos: Repositories,
    private readonly changes: ChangeFeed,
    private readonly now: () => number = Date.now,
  ) {}

  /** The newest messages of a session, or the ones before `beforeId` when scrolling back. */
  history(sessionId: string, beforeId: string | null = null, limit = HISTORY_PAGE): MessageSlice {
    return this.repos.messages.listBefore(sessionId, beforeId, limit);
  }

  /** Stores what the user typed as a user message of the session. */
  sendUserMessage(sessionId: string, text: string): Message {
    const content = requireText(text, 'The message');
    if (content.trim() === '') throw invalidInput('The message is empty: type something first.');
    const session = this.repos.sessions.get(sessionId);
    const at = this.now();
    const message: Message = {
      id: crypto.randomUUID(),
      sessionId: session.id,
      role: 'user',
      content,
      toolCalls: null,
      toolCallId: null,
      isStreaming: false,
      thinking: null,
      thinkingSignature: null,
      assistantId: null,
      attachments: null,
      toolUse: null,
      createdAt: at,
      updatedAt: at,
      source: 'composer',
      error: null,
    };
    this.repos.messages.insert(message);
    this.changes.emit({ kind: 'messages', sessionId: session.id });
    this.changes.emit({ kind: 'sessions' });
    return message;
  }

  /** Bulk import (a restore, an import from another app): one transaction, then one change event per session. */
  insertMany(messages: Message[]): number {
    this.repos.messages.insertMany(messages);
    const sessionIds = new Set(messages.map((message) => message.sessionId));
    for (const sessionId of sessionIds) this.changes.emit({ kind: 'messages', sessionId });
    this.changes.emit({ kind: 'sessions' });
    return messages.length;
  }
}
