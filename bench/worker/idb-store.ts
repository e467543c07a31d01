import type { Message } from '../../src/shared/entities';
import { BASE_TIME } from '../shared/corpus';
import type { MessageStore } from '../shared/message-store';

/**
 * The same repository operations on IndexedDB, as most local-first peers store chats: one object
 * store keyed by id, a compound index [sessionId, createdAt] for history order, sessions touched
 * in the same transaction as their messages. Transactions use the browser's default durability.
 */
const DATABASE = 'libragent-bench-idb';
const BY_SESSION = 'bySessionCreated';

interface SessionRecord {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
}

export class IdbStore implements MessageStore {
  private constructor(private readonly db: IDBDatabase) {}

  /** Opens a fresh, empty database (any earlier one is deleted). */
  static async open(): Promise<IdbStore> {
    await request(indexedDB.deleteDatabase(DATABASE));
    const opening = indexedDB.open(DATABASE, 1);
    opening.onupgradeneeded = () => {
      const db = opening.result;
      db.createObjectStore('sessions', { keyPath: 'id' });
      db.createObjectStore('messages', { keyPath: 'id' }).createIndex(BY_SESSION, ['sessionId', 'createdAt']);
    };
    return new IdbStore(await request(opening));
  }

  close(): void {
    this.db.close();
  }

  async createSessions(ids: string[]): Promise<void> {
    const tx = this.db.transaction('sessions', 'readwrite');
    for (const id of ids)
      tx.objectStore('sessions').put({ id, name: `Session ${id}`, createdAt: BASE_TIME, updatedAt: BASE_TIME });
    await done(tx);
  }

  async insertMany(messages: Message[]): Promise<void> {
    const tx = this.db.transaction(['messages', 'sessions'], 'readwrite');
    const store = tx.objectStore('messages');
    const newest = new Map<string, number>();
    for (const message of messages) {
      store.put(message);
      newest.set(message.sessionId, Math.max(newest.get(message.sessionId) ?? 0, message.createdAt));
    }
    for (const [sessionId, at] of newest) touch(tx, sessionId, at);
    await done(tx);
  }

  /** Keeps createdAt from the first write, as the SQLite upsert does. */
  async upsert(message: Message): Promise<void> {
    const tx = this.db.transaction(['messages', 'sessions'], 'readwrite');
    const store = tx.objectStore('messages');
    const existing = (await request(store.get(message.id))) as Message | undefined;
    store.put(existing ? { ...message, createdAt: existing.createdAt } : message);
    touch(tx, message.sessionId, message.createdAt);
    await done(tx);
  }

  async getPage(sessionId: string, page: number, pageSize: number): Promise<Message[]> {
    const index = this.db.transaction('messages').objectStore('messages').index(BY_SESSION);
    const range = sessionRange(sessionId);
    const [, items] = await Promise.all([
      request(index.count(range)),
      collect(index.openCursor(range), pageSize, (page - 1) * pageSize),
    ]);
    return items;
  }

  async keyset(sessionId: string, direction: 'after' | 'before', anchorId: string | null, limit: number): Promise<Message[]> {
    const store = this.db.transaction('messages').objectStore('messages');
    const index = store.index(BY_SESSION);
    let range = sessionRange(sessionId);
    if (anchorId !== null) {
      const anchor = (await request(store.get(anchorId))) as Message | undefined;
      if (!anchor || anchor.sessionId !== sessionId) throw new Error(`Message ${anchorId} is not in session ${sessionId}.`);
      range =
        direction === 'after'
          ? IDBKeyRange.bound([sessionId, anchor.createdAt], [sessionId, Infinity], true, false)
          : IDBKeyRange.bound([sessionId, -Infinity], [sessionId, anchor.createdAt], false, true);
    }
    // getAll reads forwards in one call; the newest-first read needs a reverse cursor.
    if (direction === 'after') return ((await request(index.getAll(range, limit + 1))) as Message[]).slice(0, limit);
    const items = await collect(index.openCursor(range, 'prev'), limit + 1, 0);
    return items.slice(0, limit).reverse();
  }

  async deleteSession(sessionId: string): Promise<void> {
    const tx = this.db.transaction(['messages', 'sessions'], 'readwrite');
    const messages = tx.objectStore('messages');
    const cursor = messages.index(BY_SESSION).openKeyCursor(sessionRange(sessionId));
    cursor.onsuccess = () => {
      if (!cursor.result) return;
      messages.delete(cursor.result.primaryKey);
      cursor.result.continue();
    };
    tx.objectStore('sessions').delete(sessionId);
    await done(tx);
  }
}

const sessionRange = (sessionId: string) => IDBKeyRange.bound([sessionId, -Infinity], [sessionId, Infinity]);

function touch(tx: IDBTransaction, sessionId: string, at: number): void {
  const sessions = tx.objectStore('sessions');
  const read = sessions.get(sessionId);
  read.onsuccess = () => {
    const session = read.result as SessionRecord | undefined;
    if (session && session.updatedAt < at) sessions.put({ ...session, updatedAt: at });
  };
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/** Up to `count` values from a cursor, after skipping `skip` of them. */
function collect(cursorRequest: IDBRequest<IDBCursorWithValue | null>, count: number, skip: number): Promise<Message[]> {
  const items: Message[] = [];
  let skipped = skip === 0;
  return new Promise((resolve, reject) => {
    cursorRequest.onerror = () => reject(cursorRequest.error);
    cursorRequest.onsuccess = () => {
      const cursor = cursorRequest.result;
      if (!cursor) return resolve(items);
      if (!skipped) {
        skipped = true;
        return cursor.advance(skip);
      }
      items.push(cursor.value as Message);
      if (items.length >= count) return resolve(items);
      cursor.continue();
    };
  });
}
