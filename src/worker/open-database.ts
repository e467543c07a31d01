import sqlite3InitModule, { type Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { DbError } from '../lib/db/errors';
import type { Migration, MigrationResult } from '../lib/db/migrate';
import { prepareDatabase } from '../lib/db/prepare-database';
import { toDbError } from '../lib/db/sqlite/map-error';
import { SqlClient } from '../lib/db/sqlite/sql-client';
import { holdExclusiveLock } from './web-lock';

export const DATABASE_FILE = '/libragent.sqlite3';
const LOCK_NAME = 'libragent:database-owner';

export type Persistence = 'opfs' | 'memory';

export interface OpenOptions {
  migrations: Migration[];
  /** Called while another tab owns the database; opening continues once it closes. */
  onWaitingForOtherTab: () => void;
  /** Behave as if this browser had no OPFS (a test hook; see test-hooks.ts). */
  pretendNoOpfs?: boolean;
}

export interface OpenedDatabase {
  sql: SqlClient;
  persistence: Persistence;
  migration: MigrationResult;
  sqliteVersion: string;
  /** The engine, for what works on whole databases (backup, restore). */
  sqlite3: Sqlite3Static;
}

/**
 * Opens the app's database: on OPFS through the opfs-sahpool VFS when the browser has OPFS,
 * otherwise in memory (and the UI says so). Never falls back to memory because another tab holds
 * the database: that tab is waited for instead, so no data is silently written to nowhere.
 */
export async function openDatabase(options: OpenOptions): Promise<OpenedDatabase> {
  const sqlite3 = await sqlite3InitModule();
  const sqliteVersion = sqlite3.version.libVersion;
  if (options.pretendNoOpfs || !hasOpfs()) {
    const sql = new SqlClient(new sqlite3.oo1.DB(':memory:'));
    return { sql, persistence: 'memory', migration: prepare(sql, options.migrations), sqliteVersion, sqlite3 };
  }
  await holdExclusiveLock(LOCK_NAME, options.onWaitingForOtherTab);
  const pool = await installPoolWithRetry(sqlite3);
  let sql: SqlClient;
  try {
    sql = new SqlClient(new pool.OpfsSAHPoolDb(DATABASE_FILE));
    // Keep the rollback journal's file between transactions instead of deleting and recreating
    // it at every commit: measured here, a durable single-row commit drops from ~2.5 to ~1.7 ms.
    sql.exec('PRAGMA journal_mode = TRUNCATE');
  } catch (error) {
    throw toDbError(error);
  }
  return { sql, persistence: 'opfs', migration: prepare(sql, options.migrations), sqliteVersion, sqlite3 };
}

function prepare(sql: SqlClient, migrations: Migration[]): MigrationResult {
  try {
    return prepareDatabase(sql, migrations);
  } catch (error) {
    sql.close();
    throw error;
  }
}

function hasOpfs(): boolean {
  return (
    typeof navigator.storage?.getDirectory === 'function' &&
    typeof FileSystemFileHandle !== 'undefined' &&
    'createSyncAccessHandle' in FileSystemFileHandle.prototype
  );
}

/**
 * The previous owner's access handles can outlive its lock by a moment, so a refused install is
 * retried with backoff (about five seconds in all). `preserveOnInitFailure` matters: without it a
 * failed install tries to delete the whole pool, which is every saved byte of the user's data.
 */
async function installPoolWithRetry(sqlite3: Sqlite3Static) {
  const delays = [25, 50, 100, 200, 400, 800, 1200, 1600];
  for (let attempt = 0; ; attempt++) {
    try {
      return await sqlite3.installOpfsSAHPoolVfs({
        preserveOnInitFailure: true,
        forceReinitIfPreviouslyFailed: true,
      } as Parameters<Sqlite3Static['installOpfsSAHPoolVfs']>[0]);
    } catch (error) {
      const name = (error as { name?: string })?.name;
      const retryable = name === 'NoModificationAllowedError' || name === 'InvalidStateError';
      if (!retryable) {
        throw new DbError('Unsupported', `This browser could not open its private storage: ${(error as Error).message}`);
      }
      if (attempt >= delays.length) {
        throw new DbError(
          'Busy',
          'The database is still held by another LibrAgent tab or window. Close it, then reload this page.',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
    }
  }
}
