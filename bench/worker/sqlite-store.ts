import type { Repositories } from '../../src/worker/db/repositories';
import type { Message } from '../../src/shared/entities';
import { BASE_TIME } from '../shared/corpus';
import type { MessageStore } from '../shared/message-store';

/** The benchmark's operations on the app's own SQLite repositories: what ships is what is timed. */
export class SqliteStore implements MessageStore {
  constructor(private readonly repos: Repositories) {}

  createSessions(ids: string[]): void {
    this.repos.transaction(() => {
      for (const id of ids)
        this.repos.sessions.create({ id, name: `Session ${id}`, assistantId: 'default', createdAt: BASE_TIME });
    });
  }

  insertMany(messages: Message[]): void {
    this.repos.messages.insertMany(messages);
  }

  upsert(message: Message): void {
    this.repos.messages.insert(message);
  }

  getPage(sessionId: string, page: number, pageSize: number): Message[] {
    return this.repos.messages.getPage(sessionId, page, pageSize).items;
  }

  keyset(sessionId: string, direction: 'after' | 'before', anchorId: string | null, limit: number): Message[] {
    const slice =
      direction === 'after'
        ? this.repos.messages.listAfter(sessionId, anchorId, limit)
        : this.repos.messages.listBefore(sessionId, anchorId, limit);
    return slice.items;
  }

  deleteSession(sessionId: string): void {
    this.repos.sessions.delete(sessionId);
  }
}
