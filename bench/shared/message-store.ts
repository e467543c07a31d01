import type { Message } from '../../src/shared/entities';

/**
 * The repository operations the benchmark compares, implemented three times: over the app's
 * SQLite repositories (bench/worker/sqlite-store.ts), over IndexedDB (bench/worker/idb-store.ts)
 * and over native better-sqlite3 (bench/runner/native-store.ts). Sync or async, as each engine is.
 */
export interface MessageStore {
  createSessions(ids: string[]): void | Promise<void>;
  insertMany(messages: Message[]): void | Promise<void>;
  /** One durable write: the streaming update. */
  upsert(message: Message): void | Promise<void>;
  getPage(sessionId: string, page: number, pageSize: number): Message[] | Promise<Message[]>;
  keyset(
    sessionId: string,
    direction: 'after' | 'before',
    anchorId: string | null,
    limit: number,
  ): Message[] | Promise<Message[]>;
  deleteSession(sessionId: string): void | Promise<void>;
}
