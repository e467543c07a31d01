import type { SqlValue } from '@sqlite.org/sqlite-wasm';
import type { Row } from './sql-client';

/** What the anchors read through: a SqlClient (the bench's native anchor passes better-sqlite3's). */
export interface RowSource {
  get(sql: string, bind: SqlValue[]): Row | undefined;
}

/** A message's place in history order: its (created_at, rowid), as the pages sort. */
export interface PageKey {
  createdAt: SqlValue;
  rowid: SqlValue;
}

const FIRST_KEY = 'SELECT created_at, rowid AS rid FROM messages WHERE session_id = ? ORDER BY created_at, rowid LIMIT 1';
const KEY_AFTER = `SELECT created_at, rowid AS rid FROM messages
  WHERE session_id = ? AND (created_at, rowid) >= (?, ?) ORDER BY created_at, rowid LIMIT 1 OFFSET ?`;

/** Sessions whose anchors are kept; paging in more sessions than this only rebuilds theirs. */
const SESSIONS_KEPT = 16;

/**
 * Where every `spacing`-th message of a session sits in history order, so an OFFSET page at any
 * depth is a seek to the anchor before it and fewer than `spacing` steps (OFFSET alone steps over
 * every index entry before the page). Anchors are found lazily, only as deep as a page asks for,
 * each from the one before.
 *
 * A session's anchors are trusted only under the order stamp they were found at: a random value
 * that migration 0006's triggers change, in the writing transaction, at every insert or delete of
 * the session's messages, whoever writes them (a repository, an import, a restore, raw SQL). So
 * the cache holds no state of its own to keep right: a stamp that differs drops the anchors.
 */
export class PageAnchors {
  private readonly sessions = new Map<string, { stamp: SqlValue; keys: PageKey[] }>();

  constructor(
    private readonly sql: RowSource,
    readonly spacing: number,
  ) {}

  /** The key of the message at position `index * spacing` (0-based), or undefined past the end. */
  keyAt(sessionId: string, stamp: SqlValue, index: number): PageKey | undefined {
    let entry = this.sessions.get(sessionId);
    if (!entry || entry.stamp !== stamp) entry = { stamp, keys: [] };
    // Kept most recently used last, so the first one is the one to let go.
    this.sessions.delete(sessionId);
    this.sessions.set(sessionId, entry);
    if (this.sessions.size > SESSIONS_KEPT) this.sessions.delete(this.sessions.keys().next().value as string);
    const keys = entry.keys;
    while (keys.length <= index) {
      const last = keys.at(-1);
      const row =
        last === undefined
          ? this.sql.get(FIRST_KEY, [sessionId])
          : this.sql.get(KEY_AFTER, [sessionId, last.createdAt, last.rowid, this.spacing]);
      if (!row) return undefined;
      keys.push({ createdAt: row.created_at, rowid: row.rid });
    }
    return keys[index];
  }
}
