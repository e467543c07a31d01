import sqlite3InitModule, { type SAHPoolUtil, type Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { MIGRATIONS } from '../../src/worker/db/migrations';
import { prepareDatabaseCheckingLater } from '../../src/worker/db/prepare-database';
import { configureOpfsConnection, useWriteAheadLog } from '../../src/worker/db/sqlite/opfs-connection';
import { SqlClient } from '../../src/worker/db/sqlite/sql-client';

/**
 * The bench's database: opened the way src/worker/tab/open-database.ts opens the app's (opfs-sahpool,
 * preserveOnInitFailure, configureOpfsConnection, then prepareDatabaseCheckingLater with the app's
 * migrations and the switch to WAL at the first write), but in its own pool, so a benchmark never touches the app's data even on the same origin.
 * (openDatabase itself cannot be reused: its pool and file name are fixed.)
 */
export const BENCH_POOL = { name: 'libragent-bench-sahpool', directory: '.libragent-bench-sahpool' };
export const BENCH_DATABASE_FILE = '/libragent-bench.sqlite3';

export interface BenchDatabase {
  sqlite3: Sqlite3Static;
  pool: SAHPoolUtil;
  sql: SqlClient;
  /** Absolute times (performance.timeOrigin + now) at the end of each opening phase. */
  marks: { init: number; vfs: number; open: number; prepared: number };
}

export const epochNow = () => performance.timeOrigin + performance.now();

export async function openBenchDatabase(options: { wipe: boolean }): Promise<BenchDatabase> {
  // The bench page is cross-origin isolated (COOP/COEP) for 5 us timers instead of 100 us. There
  // sqlite-wasm would also start its "opfs" VFSes, each with a worker of its own, which the app
  // (not isolated) never does: turn them off so that startup is the app's.
  (globalThis as { sqlite3ApiConfig?: unknown }).sqlite3ApiConfig = {
    disable: { vfs: { opfs: true, 'opfs-vfs': true, 'opfs-wl': true } },
  };
  const sqlite3 = await sqlite3InitModule();
  const init = epochNow();
  const pool = await installPool(sqlite3);
  if (options.wipe) await pool.wipeFiles();
  const vfs = epochNow();
  const sql = new SqlClient(new pool.OpfsSAHPoolDb(BENCH_DATABASE_FILE), sqlite3);
  configureOpfsConnection(sql);
  const open = epochNow();
  // As the app's start: the integrity check waits for the first write (or the app's idle time).
  prepareDatabaseCheckingLater(sql, MIGRATIONS, () => useWriteAheadLog(sql));
  return { sqlite3, pool, sql, marks: { init, vfs, open, prepared: epochNow() } };
}

/** The previous page's handles can outlive it by a moment: retry as the app does. */
async function installPool(sqlite3: Sqlite3Static): Promise<SAHPoolUtil> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await sqlite3.installOpfsSAHPoolVfs({
        ...BENCH_POOL,
        preserveOnInitFailure: true,
        forceReinitIfPreviouslyFailed: true,
      } as Parameters<Sqlite3Static['installOpfsSAHPoolVfs']>[0]);
    } catch (error) {
      if (attempt >= 8 || (error as { name?: string }).name !== 'NoModificationAllowedError') throw error;
      await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
    }
  }
}

export function closeBenchDatabase(db: BenchDatabase): void {
  db.sql.close();
  // Releases the pool's access handles now, so the next page's worker can take them at once.
  db.pool.pauseVfs();
}
