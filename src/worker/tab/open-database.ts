import sqlite3InitModule, { type Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { AppError, type ErrorCode } from '../../shared/errors';
import type { DeferredIntegrityCheck } from '../db/deferred-integrity-check';
import type { Migration, MigrationResult } from '../db/migrate';
import { prepareDatabaseCheckingLater } from '../db/prepare-database';
import { toAppError } from '../db/sqlite/map-error';
import { configureOpfsConnection, useWriteAheadLog } from '../db/sqlite/opfs-connection';
import { SqlClient } from '../db/sqlite/sql-client';
import { RecoverableDatabase } from './recoverable-database';
import { damagePagesForTest } from './test-hooks';

export const DATABASE_FILE = '/libragent.sqlite3';

export type Persistence = 'opfs' | 'memory';

export interface OpenOptions {
  migrations: Migration[];
  /** Behave as if this browser had no OPFS (a test hook; see test-hooks.ts). */
  pretendNoOpfs?: boolean;
  /** Overwrite pages in the middle of the database file before opening it (a test hook). */
  damageDatabase?: boolean;
}

export interface OpenedDatabase {
  sql: SqlClient;
  /** Tries it took to get the OPFS access handles (more than one while a previous owner lets go). */
  poolAttempts: number;
  persistence: Persistence;
  migration: MigrationResult;
  /** The integrity check this open did not wait for: run before the first write at the latest. */
  integrity: DeferredIntegrityCheck;
  /**
   * After the start failed past the open (`integrity` found damage, or the app itself failed):
   * closes the connection and keeps the file exactly as it is for the startup screen's choices
   * (recovery-handlers.ts). Stop everything that uses `sql` first.
   */
  keepForRecovery: (failure: AppError) => void;
  sqliteVersion: string;
  /** The engine, for what works on whole databases (backup, restore). */
  sqlite3: Sqlite3Static;
}

/**
 * Opens the app's database: on OPFS through the opfs-sahpool VFS when the browser has OPFS,
 * otherwise in memory (and the UI says so). The caller must own the database (see web-lock.ts):
 * this never falls back to memory because another tab holds it, so no data is written to nowhere.
 */
export async function openDatabase(options: OpenOptions): Promise<OpenedDatabase> {
  const sqlite3 = await loadSqlite();
  const sqliteVersion = sqlite3.version.libVersion;
  if (options.pretendNoOpfs || !hasOpfs()) {
    const sql = new SqlClient(new sqlite3.oo1.DB(':memory:'), sqlite3);
    // In memory there is no file to keep: the startup screen offers a reload.
    const keepForRecovery = () => sql.close();
    return {
      sql,
      persistence: 'memory',
      ...prepare(sql, options.migrations),
      keepForRecovery,
      sqliteVersion,
      poolAttempts: 0,
      sqlite3,
    };
  }
  const { pool, attempts } = await installPoolWithRetry(sqlite3);
  if (options.damageDatabase) await damagePagesForTest(pool, DATABASE_FILE);
  const hold = (failure: AppError) => {
    // A full disk, or handles the old owner has not let go of yet, pass: the next call opens the
    // file again (once space is freed), with nothing to recover. Only a file the app cannot use
    // is kept for the startup screen's choices.
    if (PASSING_FAILURES.has(failure.code)) return;
    unopened = new RecoverableDatabase(sqlite3, pool, DATABASE_FILE, options.migrations, failure);
  };
  let sql: SqlClient | undefined;
  try {
    sql = new SqlClient(new pool.OpfsSAHPoolDb(DATABASE_FILE), sqlite3);
    configureOpfsConnection(sql);
    const connection = sql;
    const keepForRecovery = (failure: AppError) => {
      connection.close();
      hold(failure);
    };
    return {
      sql,
      persistence: 'opfs',
      ...prepare(sql, options.migrations, () => useWriteAheadLog(connection)),
      keepForRecovery,
      sqliteVersion,
      poolAttempts: attempts,
      sqlite3,
    };
  } catch (error) {
    // Whatever failed (a migration, a schema this version refuses, the integrity check), the
    // file is kept as it is, and the startup screen offers what can be done with it.
    const failure = toAppError(error);
    try {
      sql?.close();
    } catch {
      // Already closed by prepare().
    }
    hold(failure);
    throw failure;
  }
}

const PASSING_FAILURES: ReadonlySet<ErrorCode> = new Set(['StorageFull', 'Busy']);

let unopened: RecoverableDatabase | undefined;

/** The database this worker's start could not use, if its start failed. */
export function unopenedDatabase(): RecoverableDatabase | undefined {
  return unopened;
}

let loading: Promise<Sqlite3Static> | undefined;

/**
 * Loads and compiles SQLite's WebAssembly once per worker. A tab that forwards its calls loads it
 * while it waits, so that taking over from a closing owner does not start with the compile.
 */
export function loadSqlite(): Promise<Sqlite3Static> {
  loading ??= sqlite3InitModule().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

function prepare(sql: SqlClient, migrations: Migration[], beforeFirstWrite?: () => void) {
  try {
    return prepareDatabaseCheckingLater(sql, migrations, beforeFirstWrite);
  } catch (error) {
    sql.close();
    throw error;
  }
}

export function hasOpfs(): boolean {
  return (
    typeof navigator.storage?.getDirectory === 'function' &&
    typeof FileSystemFileHandle !== 'undefined' &&
    'createSyncAccessHandle' in FileSystemFileHandle.prototype
  );
}

/**
 * The previous owner's access handles can outlive its lock by a moment, so a refused install is
 * retried: every 50 ms at first, since a take-over waits on this, then less often (about six
 * seconds in all). A refused try costs next to nothing. `preserveOnInitFailure` matters: without it a
 * failed install tries to delete the whole pool, which is every saved byte of the user's data.
 */
async function installPoolWithRetry(sqlite3: Sqlite3Static) {
  const delays = [...Array<number>(20).fill(50), ...Array<number>(10).fill(100), ...Array<number>(20).fill(200)];
  for (let attempt = 0; ; attempt++) {
    try {
      const pool = await sqlite3.installOpfsSAHPoolVfs({
        preserveOnInitFailure: true,
        forceReinitIfPreviouslyFailed: true,
      } as Parameters<Sqlite3Static['installOpfsSAHPoolVfs']>[0]);
      return { pool, attempts: attempt + 1 };
    } catch (error) {
      const name = (error as { name?: string })?.name;
      const retryable = name === 'NoModificationAllowedError' || name === 'InvalidStateError';
      if (!retryable) {
        throw new AppError('Unsupported', `This browser could not open its private storage: ${(error as Error).message}`);
      }
      if (attempt >= delays.length) {
        throw new AppError(
          'Busy',
          'The database is still held by another LibrAgent tab or window. Close it, then reload this page.',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
    }
  }
}
