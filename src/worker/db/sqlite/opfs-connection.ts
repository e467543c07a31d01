import type { SqlClient } from './sql-client';

/**
 * How a connection to a database on OPFS is set up: the app's (tab/open-database.ts), the
 * startup screen's (tab/recoverable-database.ts) and the bench's, which measures the app's, alike.
 * Run it before anything reads the file.
 *
 * - locking_mode EXCLUSIVE: this connection is the only one the database ever has (opfs-sahpool
 *   opens a database once per origin, and one tab owns it: web-lock.ts), so it takes the file's
 *   lock at its first read and keeps it. SQLite then stops reading the file's change counter at
 *   the start of every statement, and its page cache lives across transactions. It is also what
 *   lets a file in WAL mode be opened at all: opfs-sahpool has no shared memory (xShmMap), and
 *   only in exclusive mode does SQLite keep the WAL's index in the heap instead. Hence before the
 *   first read, which is when SQLite opens a WAL the file has.
 * - synchronous FULL (SQLite's default, said here because it is the promise): with the WAL, every
 *   commit is flushed to storage before it is acknowledged, so neither a killed tab nor a power
 *   loss loses a write the app reported saved. NORMAL would flush only at checkpoints: safe
 *   against a killed tab, not against power loss.
 * - No checkpoint on close, until `useWriteAheadLog` has run: a start that finds the file damaged
 *   (or cannot use it) closes it for the startup screen, and that close must not write the WAL's
 *   pages into the file the user has not yet decided about.
 */
export function configureOpfsConnection(sql: SqlClient): void {
  sql.exec('PRAGMA locking_mode = EXCLUSIVE; PRAGMA synchronous = FULL;');
  checkpointOnClose(sql, false);
}

/**
 * Puts the database in WAL mode (journal_mode WAL, kept in the file's header): a commit appends
 * its pages to the -wal file and flushes that once, instead of writing the rollback journal,
 * flushing it, writing the pages in place and flushing again. Measured here (issue 17), a durable
 * single-row upsert went from ~1.7 to ~0.8 ms. Checkpoints copy the pages into the file now and
 * then (every 1000 pages, SQLite's default) and at close.
 *
 * Switching is a write (the header changes), so the app does it at its first write, after the
 * deferred integrity check has passed (prepare-database.ts): until then the file is read exactly
 * as it is on disk. Code that reads the file's bytes around SQLite must checkpoint first, or read
 * its pages through SQLite (sqlite_dbpage, sqlite3_serialize), which sees the WAL's pages; a copy
 * written out must be made a rollback-mode file (data/backup/sqlite-bytes.ts).
 */
export function useWriteAheadLog(sql: SqlClient): void {
  sql.exec('PRAGMA journal_mode = WAL');
  checkpointOnClose(sql, true);
}

function checkpointOnClose(sql: SqlClient, enabled: boolean): void {
  const { capi } = sql.sqlite3;
  capi.sqlite3_db_config(sql.db.pointer as never, capi.SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, enabled ? 0 : 1, 0);
}
