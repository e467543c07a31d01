import Database, { type BetterDatabase, type Statement } from 'better-sqlite3';
import type { Migration } from '../../src/worker/db/migrate';
import { MESSAGE_COLUMNS, messageToParams, rowToMessage } from '../../src/worker/db/sqlite/message-rows';
import { PageAnchors } from '../../src/worker/db/sqlite/page-anchors';
import { PAGE_ANCHOR_SPACING } from '../../src/worker/db/sqlite/message-repository';
import type { Row } from '../../src/worker/db/sqlite/sql-client';
import type { Message } from '../../src/shared/entities';
import { requireLimit, requireMessageList, requirePageArgs, validateMessage } from '../../src/shared/validate';
import { BASE_TIME } from '../shared/corpus';
import type { MessageStore } from '../shared/message-store';
import { NATIVE_SQL as SQL, fill } from './native-sql';

/**
 * The physical anchor: the app's repository operations on native SQLite (better-sqlite3, a file
 * on disk), with the same schema, pragmas, statements, savepoints, validation and row mapping
 * (imported from src/worker/db), so the ratio to sqlite-wasm on OPFS isolates the engine and storage.
 */
export class NativeStore implements MessageStore {
  private readonly statements = new Map<string, Statement>();
  private depth = 0;
  private readonly db: BetterDatabase;
  /** The app's own anchor cache, reading through better-sqlite3. */
  private readonly anchors = new PageAnchors(
    { get: (sql, bind) => this.statement(sql).get(bind) as Row | undefined },
    PAGE_ANCHOR_SPACING,
  );

  constructor(file: string, migrations: Migration[]) {
    this.db = new Database(file);
    // sqlite-wasm's build defaults (8 KiB pages, a 16 MiB cache) rather than better-sqlite3's
    // (4 KiB, 16,000 KB), so that only the engine and the storage differ.
    this.db.exec('PRAGMA page_size = 8192');
    this.db.exec('PRAGMA cache_size = -16384');
    // As src/worker/db/sqlite/opfs-connection.ts and prepare-database.ts do. synchronous is
    // said, not left to the default: better-sqlite3 builds SQLite with NORMAL as WAL's default.
    this.db.exec('PRAGMA locking_mode = EXCLUSIVE');
    this.db.exec('PRAGMA synchronous = FULL');
    this.db.exec('PRAGMA foreign_keys = ON');
    this.db.pragma('quick_check');
    this.db.exec('PRAGMA journal_mode = WAL');
    this.db.exec('BEGIN IMMEDIATE');
    for (const migration of migrations) this.db.exec(migration.sql);
    this.db.exec(`PRAGMA user_version = ${migrations.length}`);
    this.db.exec('COMMIT');
  }

  pragmas(): Record<string, unknown> {
    const names = ['synchronous', 'journal_mode', 'locking_mode', 'page_size', 'cache_size', 'foreign_keys'];
    return Object.fromEntries(names.map((name) => [name, this.db.pragma(name, { simple: true })]));
  }

  sqliteVersion(): string {
    return String((this.db.prepare('SELECT sqlite_version() AS v').get() as Row).v);
  }

  close(): void {
    this.db.close();
  }

  createSessions(ids: string[]): void {
    const insert = this.statement('INSERT INTO sessions (id, name, assistant_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
    this.transaction(() => ids.forEach((id) => insert.run([id, `Session ${id}`, 'default', BASE_TIME, BASE_TIME])));
  }

  insertMany(messages: Message[]): void {
    const clean = requireMessageList(messages);
    this.transaction(() => {
      const newest = new Map<string, number>();
      for (const message of clean) {
        newest.set(message.sessionId, Math.max(newest.get(message.sessionId) ?? 0, message.createdAt));
      }
      // Counters first, as the app does: each row is stamped with its session's counter (index_seq).
      // Row by row through one prepared statement: better-sqlite3's fastest path here (the app's
      // one-statement json_each batch measured slower in Node), so the anchor is native at its best.
      for (const [sessionId, at] of newest) this.markChanged(sessionId, at);
      for (const message of clean) this.upsertRow(message);
    });
  }

  upsert(message: Message): void {
    const clean = validateMessage(message);
    this.transaction(() => {
      this.markChanged(clean.sessionId, clean.createdAt);
      this.upsertRow(clean);
    });
  }

  /** As SqliteMessageRepository.getPage: the kept count, then a seek to the anchor before the page. */
  getPage(sessionId: string, page: number, pageSize: number): Message[] {
    const args = requirePageArgs(page, pageSize);
    const counted = this.statement(SQL.counted).get([sessionId]) as Row | undefined;
    const total = Number(counted ? counted.message_count : Object.values(this.statement(SQL.count).get([sessionId]) as Row)[0]);
    if (args.offset >= total) return [];
    const index = Math.floor(args.offset / this.anchors.spacing);
    const anchor = counted && index > 0 ? this.anchors.keyAt(sessionId, counted.order_stamp, index) : undefined;
    const rows = anchor
      ? this.statement(fill(SQL.pageFrom, { MESSAGE_COLUMNS })).all([
          sessionId,
          anchor.createdAt,
          anchor.rowid,
          args.pageSize,
          args.offset - index * this.anchors.spacing,
        ])
      : this.statement(fill(SQL.page, { MESSAGE_COLUMNS })).all([sessionId, args.pageSize, args.offset]);
    return (rows as Row[]).map(rowToMessage);
  }

  keyset(sessionId: string, direction: 'after' | 'before', anchorId: string | null, limit: number): Message[] {
    const size = requireLimit(limit);
    const [compare, order] = direction === 'before' ? ['<', 'DESC'] : ['>', 'ASC'];
    let rows: Row[];
    if (anchorId === null) {
      rows = this.statement(fill(SQL.sliceAfterStart, { MESSAGE_COLUMNS, order })).all([sessionId, size + 1]) as Row[];
    } else {
      const anchor = this.statement(SQL.anchor).get([anchorId, sessionId]) as Row | undefined;
      if (!anchor) throw new Error(`Message ${anchorId} is not in session ${sessionId}.`);
      const sql = fill(SQL.sliceFrom, { MESSAGE_COLUMNS, compare, order });
      rows = this.statement(sql).all([sessionId, anchor.created_at, anchor.rid, size + 1]) as Row[];
    }
    const items = rows.slice(0, size).map(rowToMessage);
    if (direction === 'before') items.reverse();
    return items;
  }

  deleteSession(sessionId: string): void {
    if (!this.statement(SQL.getSession).get([sessionId])) throw new Error(`Session ${sessionId} does not exist.`);
    this.transaction(() => {
      this.transaction(() => {
        const deleted = this.statement(SQL.deleteMessages).run([sessionId]).changes;
        if (deleted > 0) this.statement(SQL.bumpChangeSeq).run([sessionId]);
      });
      this.transaction(() => {
        for (const sql of [SQL.deleteChunks, SQL.deleteContents, SQL.deleteStore]) this.statement(sql).run([sessionId]);
      });
      this.statement(SQL.deleteIndexMeta).run([sessionId]);
      this.statement(SQL.deleteSession).run([sessionId]);
    });
  }

  private upsertRow(message: Message): void {
    const statement = this.statement(fill(SQL.upsert, { MESSAGE_COLUMNS }));
    const changed = statement.run(messageToParams(message)).changes;
    if (changed === 0) throw new Error(`Message ${message.id} belongs to another session.`);
  }

  private markChanged(sessionId: string, newestCreatedAt: number): void {
    this.statement(SQL.bumpChangeSeq).run([sessionId]);
    // better-sqlite3 binds numbered parameters (?1, ?2) from an object keyed by number.
    this.statement(SQL.touchSession).run({ 1: sessionId, 2: newestCreatedAt });
  }

  /** Savepoints like SqlClient.transaction, so nesting costs the same. */
  private transaction<T>(work: () => T): T {
    const name = `tx${this.depth}`;
    this.db.exec(`SAVEPOINT ${name}`);
    this.depth++;
    try {
      const result = work();
      this.db.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      this.db.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
      throw error;
    } finally {
      this.depth--;
    }
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
