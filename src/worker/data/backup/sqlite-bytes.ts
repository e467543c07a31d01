import type { Database, Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { AppError } from '../../../shared/errors';
import { toAppError } from '../../db/sqlite/map-error';
import { SqlClient } from '../../db/sqlite/sql-client';

/** Every SQLite 3 database file starts with these 16 bytes. */
const HEADER = 'SQLite format 3\0';

export function hasSqliteHeader(bytes: Uint8Array): boolean {
  if (bytes.byteLength < 512) return false;
  for (let i = 0; i < HEADER.length; i++) if (bytes[i] !== HEADER.charCodeAt(i)) return false;
  return true;
}

/**
 * The whole database as the bytes of a `.sqlite3` file (SQLite's own serialization, which reads
 * the pages through SQLite, so the WAL's newest ones are in), as a rollback-mode file.
 */
export function databaseBytes(sqlite3: Sqlite3Static, db: Database): Uint8Array {
  return asRollbackFile(sqlite3.capi.sqlite3_js_db_export(db.pointer as never));
}

/**
 * Marks a database file's first page (or the whole file) as a rollback-journal file: bytes 18 and
 * 19 of the header, the file format's read and write versions, are 2 in WAL mode and 1 otherwise.
 * A copy of a database in WAL mode is complete without its WAL when its pages were read through
 * SQLite, but still says WAL: SQLite would then look for a WAL where it can keep none, and fail
 * to open it (in memory, sqlite3_deserialize; on opfs-sahpool, without locking_mode EXCLUSIVE).
 */
export function asRollbackFile(firstPage: Uint8Array): Uint8Array {
  if (firstPage.byteLength >= 20 && firstPage[18] === 2 && firstPage[19] === 2) {
    firstPage[18] = 1;
    firstPage[19] = 1;
  }
  return firstPage;
}

/** A private in-memory database holding `bytes`; SQLite owns (and frees) its copy of them. */
export function openBytesInMemory(sqlite3: Sqlite3Static, bytes: Uint8Array): SqlClient {
  const { capi, wasm } = sqlite3;
  const db = new sqlite3.oo1.DB(':memory:');
  const pointer = wasm.allocFromTypedArray(bytes);
  const rc = capi.sqlite3_deserialize(
    db.pointer as never,
    'main',
    pointer,
    bytes.byteLength,
    bytes.byteLength,
    capi.SQLITE_DESERIALIZE_FREEONCLOSE | capi.SQLITE_DESERIALIZE_RESIZEABLE,
  );
  if (rc !== 0) {
    db.close();
    throw new AppError('Corrupt', `The file could not be read as a database (SQLite code ${rc}).`);
  }
  return new SqlClient(db, sqlite3);
}

/**
 * Copies every page of `source` into `target` with SQLite's online backup API. The copy is one
 * write transaction on the target: if it fails halfway (storage full, say), the target's journal
 * rolls it back and the target is exactly what it was.
 */
export function copyDatabase(sqlite3: Sqlite3Static, source: Database, target: Database): void {
  const { capi } = sqlite3;
  const backup = capi.sqlite3_backup_init(target.pointer as never, 'main', source.pointer as never, 'main');
  if (!backup) {
    throw new AppError('Busy', `The database could not be replaced: ${capi.sqlite3_errmsg(target.pointer as never)}`);
  }
  const step = capi.sqlite3_backup_step(backup, -1);
  const finish = capi.sqlite3_backup_finish(backup);
  const DONE = capi.SQLITE_DONE;
  if (step !== DONE || finish !== 0) {
    const rc = step !== DONE ? step : finish;
    throw toAppError(Object.assign(new Error(`Copying the database failed: ${capi.sqlite3_errstr(rc)}`), { resultCode: rc }));
  }
}
