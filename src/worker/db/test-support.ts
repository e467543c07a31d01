import sqlite3InitModule, { type Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { MIGRATIONS } from './migrations';
import type { Migration } from './migrate';
import { prepareDatabase } from './prepare-database';
import { SqlClient } from './sqlite/sql-client';

let engine: Promise<Sqlite3Static> | undefined;

/** The same sqlite-wasm engine the browser runs, loaded once per test file. */
export function loadSqlite(): Promise<Sqlite3Static> {
  engine ??= sqlite3InitModule();
  return engine;
}

/** A fresh in-memory database with the app's schema, for tests. */
export async function openTestClient(migrations: Migration[] = MIGRATIONS): Promise<SqlClient> {
  const sqlite3 = await loadSqlite();
  const sql = new SqlClient(new sqlite3.oo1.DB(':memory:'), sqlite3);
  prepareDatabase(sql, migrations);
  return sql;
}

/**
 * An in-memory copy of `good` with the middle of a page of the messages b-tree scribbled over:
 * what the integrity check must find (open a database with a few hundred messages first).
 */
export function damagedCopy(sqlite3: Sqlite3Static, good: SqlClient): SqlClient {
  const bytes = sqlite3.capi.sqlite3_js_db_export(good.db);
  const pageSize = Number(good.value('PRAGMA page_size'));
  const rootPage = Number(good.value("SELECT rootpage FROM sqlite_schema WHERE name = 'idx_messages_session_created'"));
  bytes.fill(0xa5, (rootPage - 1) * pageSize + 8, rootPage * pageSize - 8);
  const damaged = new sqlite3.oo1.DB(':memory:');
  const pointer = sqlite3.wasm.allocFromTypedArray(bytes);
  const rc = sqlite3.capi.sqlite3_deserialize(
    damaged.pointer!,
    'main',
    pointer,
    bytes.byteLength,
    bytes.byteLength,
    sqlite3.capi.SQLITE_DESERIALIZE_FREEONCLOSE | sqlite3.capi.SQLITE_DESERIALIZE_RESIZEABLE,
  );
  if (rc !== 0) throw new Error(`sqlite3_deserialize failed (${rc})`);
  return new SqlClient(damaged, sqlite3);
}
