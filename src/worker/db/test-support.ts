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
