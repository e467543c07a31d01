import type { SqlClient } from './sql-client';

/**
 * How a connection to a database on OPFS is set up: the app's (tab/open-database.ts) and the
 * bench's, which measures the app's, alike.
 *
 * - journal_mode TRUNCATE keeps the rollback journal's file between transactions instead of
 *   deleting and recreating it at every commit: measured here, a durable single-row commit
 *   dropped from ~2.5 to ~1.7 ms.
 * - locking_mode EXCLUSIVE: this connection is the only one the database ever has (opfs-sahpool
 *   opens a database once per origin, and one tab owns it: web-lock.ts), so it takes the file's
 *   lock at its first read and keeps it. SQLite then stops reading the file's change counter at
 *   the start of every statement to learn whether another connection wrote, and its page cache
 *   lives across transactions.
 */
export function configureOpfsConnection(sql: SqlClient): void {
  sql.exec('PRAGMA journal_mode = TRUNCATE; PRAGMA locking_mode = EXCLUSIVE;');
}
