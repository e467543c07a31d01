import type { SAHPoolUtil } from '@sqlite.org/sqlite-wasm';
import type { Migration } from '../db/migrate';
import type { SqlClient } from '../db/sqlite/sql-client';
import { AppError, invalidInput } from '../../shared/errors';
import type { TestHooks } from '../../shared/test-hooks';

export type { TestHooks };

export const testHooksEnabled = import.meta.env.MODE === 'e2e';

/** Refuses (Unsupported) outside `--mode e2e` builds: `what` is there for the end-to-end tests only. */
export function requireTestBuild(what: string): void {
  if (!testHooksEnabled) throw new AppError('Unsupported', `${what} exist only in e2e builds.`);
}

/** The same calls, each refused (Unsupported) outside `--mode e2e` builds. */
export function testOnly<T extends Record<string, (...args: never[]) => unknown>>(what: string, calls: T): T {
  const gated = Object.entries(calls).map(([name, call]) => {
    const checked = (...args: never[]) => {
      requireTestBuild(what);
      return call(...args);
    };
    return [name, checked];
  });
  return Object.fromEntries(gated) as T;
}

export function withTestMigrations(migrations: Migration[], hooks: TestHooks): Migration[] {
  if (!testHooksEnabled || !hooks.failingMigration) return migrations;
  const version = migrations.length + 1;
  return [
    ...migrations,
    {
      version,
      name: `${String(version).padStart(4, '0')}-e2e-failing.sql`,
      sql: "CREATE TABLE e2e_half_done (x); UPDATE sessions SET name = 'CLOBBERED'; INSERT INTO e2e_no_such_table VALUES (1);",
    },
  ];
}

/**
 * Fails the start after the database opened, as a bug in the app met on the user's data would
 * (`internalStartError`): only while the database has a session, so a fresh start gets past it.
 */
export function failStartForTest(hooks: TestHooks, sql: SqlClient): void {
  if (!testHooksEnabled || !hooks.internalStartError) return;
  if (sql.value('SELECT 1 FROM sessions LIMIT 1') !== undefined) throw new Error('An internal error at start (e2e hook).');
}

/**
 * Damages the database file as a failing disk would: three pages in the middle (never page 1, so
 * the file is still recognisably a database) overwritten with garbage. Done through the pool's own
 * export and import, so the sahpool's file layout is not assumed here.
 */
export async function damagePagesForTest(pool: SAHPoolUtil, file: string): Promise<void> {
  if (!testHooksEnabled || !pool.getFileNames().includes(file)) return;
  checkpointForTest(pool, file);
  const bytes = pool.exportFile(file);
  const raw = (bytes[16] << 8) | bytes[17];
  const pageSize = raw === 1 ? 65536 : raw;
  const pages = Math.floor(bytes.length / pageSize);
  if (pages < 8) throw new Error(`The database has only ${pages} pages: too few to damage its middle.`);
  const first = Math.floor(pages / 2);
  for (let page = first; page < first + 3; page++) {
    for (let i = 0; i < pageSize; i++) bytes[page * pageSize + i] = (i * 7 + 0xa5) & 0xff;
  }
  await pool.importDb(file, bytes);
}

/**
 * Copies into the file what a WAL the last tab left holds (a killed tab does not checkpoint), as
 * a close does: the damage must be to pages SQLite reads from the file, not to old copies of
 * pages whose newest version the WAL holds. (importDb also marks the file rollback mode.)
 */
function checkpointForTest(pool: SAHPoolUtil, file: string): void {
  if (!pool.getFileNames().includes(`${file}-wal`)) return;
  const db = new pool.OpfsSAHPoolDb(file);
  try {
    db.exec('PRAGMA locking_mode = EXCLUSIVE; SELECT count(1) FROM sqlite_schema;');
  } finally {
    db.close();
  }
}

let storageFull = false;
let writePatched = false;

/**
 * Makes every write to OPFS fail as a browser does when the origin's quota is used up: the
 * sync access handle's `write` throws a QuotaExceededError. The fault sits below SQLite's VFS, so
 * the app's real path is exercised: the VFS reports an I/O error, SQLite rolls back, the data
 * layer maps it to StorageFull and the UI says what to do. `false` frees the space again.
 */
export function setStorageFull(full: boolean): void {
  requireTestBuild('Test hooks');
  const proto = (globalThis as { FileSystemSyncAccessHandle?: { prototype: { write: (...args: unknown[]) => number } } })
    .FileSystemSyncAccessHandle?.prototype;
  if (!proto) throw new Error('This browser has no OPFS sync access handles.');
  if (!writePatched) {
    const write = proto.write;
    proto.write = function (this: unknown, ...args: unknown[]) {
      if (storageFull) throw new DOMException('The quota has been exceeded (e2e hook).', 'QuotaExceededError');
      return write.apply(this, args);
    };
    writePatched = true;
  }
  storageFull = full;
}

/** Faults for the end-to-end tests, in this tab's worker; they refuse to work outside `--mode e2e` builds. */
export const testingHandlers = () => ({
  /** Makes every write to OPFS fail as a full disk does (`true`), or frees the space again (`false`). */
  setStorageFull: (full: boolean): void => {
    if (typeof full !== 'boolean') throw invalidInput('setStorageFull takes true or false.');
    setStorageFull(full);
  },
});
