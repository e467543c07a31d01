import type { Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { AppError } from '../../../shared/errors';
import { SqlClient } from '../../db/sqlite/sql-client';

/**
 * A backup file is read as data, never as schema: the file is attached, read only, to a new
 * in-memory database that the app's own migrations built, and only rows of the app's own tables
 * are copied, column by column. Its triggers, views and indexes are never taken, so a crafted
 * file cannot leave SQL behind that runs on the user's later writes (one that rewrote a provider's
 * address when its key was entered was shown to work before). Before a byte is copied, every
 * object of the file must be exactly one the app makes at the file's schema version.
 */

/** The schema name the file is attached under. */
export const BACKUP_SCHEMA = 'backup';

const UNTOUCHED = 'Nothing was copied. Your current data was not changed.';

/**
 * A new in-memory database with SQLite's defensive settings (no SQL functions from the file's
 * schema, no writable schema), with the backup's bytes attached under BACKUP_SCHEMA.
 */
export function attachBackup(sqlite3: Sqlite3Static, bytes: Uint8Array): SqlClient {
  const { capi, wasm } = sqlite3;
  const db = new sqlite3.oo1.DB(':memory:');
  const fresh = new SqlClient(db, sqlite3);
  try {
    capi.sqlite3_db_config(db.pointer as never, capi.SQLITE_DBCONFIG_DEFENSIVE, 1, 0);
    capi.sqlite3_db_config(db.pointer as never, capi.SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, 0);
    fresh.exec(`PRAGMA trusted_schema = OFF; ATTACH ':memory:' AS ${BACKUP_SCHEMA};`);
    const pointer = wasm.allocFromTypedArray(bytes);
    const rc = capi.sqlite3_deserialize(
      db.pointer as never,
      BACKUP_SCHEMA,
      pointer,
      bytes.byteLength,
      bytes.byteLength,
      // Not resizeable: the attached file cannot grow by a page, though nothing ever writes to it.
      capi.SQLITE_DESERIALIZE_FREEONCLOSE,
    );
    if (rc !== 0) throw new AppError('Corrupt', `The file could not be read as a database (SQLite code ${rc}).`);
    return fresh;
  } catch (error) {
    fresh.close();
    throw error;
  }
}

interface SchemaObject {
  type: string;
  name: string;
  sql: string | null;
}

/**
 * The schema's objects by name, SQLite's own tables and indexes (sqlite_sequence, sqlite_stat1,
 * sqlite_autoindex_…) left out: only those. A row of the schema table can carry any name, so an
 * object is left out by its kind and its name together, never by its name alone.
 */
function objectsOf(sql: SqlClient, schema: string): Map<string, SchemaObject> {
  const rows = sql.all(
    `SELECT type, name, sql FROM ${schema}.sqlite_schema
     WHERE NOT (type IN ('table', 'index') AND name LIKE 'sqlite\\_%' ESCAPE '\\')`,
  );
  return new Map(
    rows.map((row) => [
      String(row.name),
      { type: String(row.type), name: String(row.name), sql: row.sql === null ? null : String(row.sql) },
    ]),
  );
}

function columnsOf(sql: SqlClient, schema: string, table: string): string[] {
  return sql.all(`SELECT name FROM pragma_table_info(?, ?) ORDER BY cid`, [table, schema]).map((row) => String(row.name));
}

const hasTable = (sql: SqlClient, name: string) =>
  sql.value("SELECT 1 FROM main.sqlite_schema WHERE type = 'table' AND name = ?", [name]) !== undefined;

const isPlainTable = (object: SchemaObject) => object.type === 'table' && !/^CREATE VIRTUAL TABLE/i.test(object.sql ?? '');

/**
 * What in the attached file is not exactly what the app's migrations made in `main` (built to the
 * file's schema version): an object the app does not make, one of another kind or definition, a
 * table whose columns differ, a table that is missing. Empty when the file is the app's own.
 */
export function schemaDifferences(fresh: SqlClient): string[] {
  const ours = objectsOf(fresh, 'main');
  const theirs = objectsOf(fresh, BACKUP_SCHEMA);
  const problems: string[] = [];
  for (const object of theirs.values()) {
    const own = ours.get(object.name);
    if (!own || own.type !== object.type) {
      problems.push(`it holds ${article(object.type)} “${object.name}” that LibrAgent does not make`);
    } else if (isPlainTable(own)) {
      const expected = columnsOf(fresh, 'main', own.name);
      const found = columnsOf(fresh, BACKUP_SCHEMA, object.name);
      const missing = expected.filter((column) => !found.includes(column));
      const extra = found.filter((column) => !expected.includes(column));
      if (missing.length > 0) problems.push(`its table “${object.name}” lacks the column(s) ${missing.join(', ')}`);
      if (extra.length > 0)
        problems.push(`its table “${object.name}” has column(s) LibrAgent does not make: ${extra.join(', ')}`);
    } else if (own.sql !== object.sql) {
      problems.push(`its ${object.type} “${object.name}” is not the one LibrAgent makes`);
    }
  }
  for (const own of ours.values()) {
    if (own.type === 'table' && !theirs.has(own.name)) problems.push(`it lacks the table “${own.name}”`);
  }
  return problems;
}

const article = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

/** The refusal of a file whose schema is not the app's own. */
export function foreignSchema(problems: string[]): AppError {
  const listed = problems.slice(0, 3).join('; ') + (problems.length > 3 ? `; and ${problems.length - 3} more` : '');
  return new AppError('InvalidInput', `This file is not a backup LibrAgent made: ${listed}. ${UNTOUCHED}`);
}

/**
 * Derived data, built again after every restore: the search index, its queue and vocabulary, and
 * the sessions' message counts (never taken from a file: a page trusts them).
 */
const DERIVED = /^(search_(index|index_.*|queue|terms)|message_counts)$/;

/** The sessions' message counts and order stamps (migration 0006), counted again from the messages. */
const RECOUNT_MESSAGES = `
  DELETE FROM main.message_counts;
  INSERT INTO main.message_counts (session_id, message_count, order_stamp)
    SELECT session_id, COUNT(1), (random() >> 11) FROM main.messages GROUP BY session_id;`;

/**
 * Copies the rows of every table of the app's data from the attached file into `main`, column by
 * column and with their row ids, in place of any row the migrations made, in one transaction; the
 * foreign keys are checked after it.
 */
export function copyRows(fresh: SqlClient): void {
  const tables = [...objectsOf(fresh, 'main').values()].filter((object) => isPlainTable(object) && !DERIVED.test(object.name));
  fresh.exec('PRAGMA foreign_keys = OFF');
  fresh.transaction(() => {
    for (const table of tables) {
      const columns = columnsOf(fresh, 'main', table.name).map((column) => `"${column.replaceAll('"', '""')}"`);
      const withRowid = /WITHOUT ROWID\s*;?\s*$/i.test(table.sql ?? '') ? columns : ['rowid', ...columns];
      const list = withRowid.join(', ');
      // The rows the migrations put in (the default assistant) give way to the backup's own.
      fresh.run(`DELETE FROM main."${table.name}"`);
      fresh.run(`INSERT INTO main."${table.name}" (${list}) SELECT ${list} FROM ${BACKUP_SCHEMA}."${table.name}"`);
    }
    // Below migration 0006 there is no such table yet: the migration counts them after the copy.
    if (hasTable(fresh, 'message_counts')) fresh.exec(RECOUNT_MESSAGES);
  });
  fresh.exec(`DETACH ${BACKUP_SCHEMA}`);
}
