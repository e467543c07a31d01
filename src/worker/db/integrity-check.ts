import type { SqlClient } from './sqlite/sql-client';

/**
 * `PRAGMA quick_check` (or `integrity_check`) of every table of the user's data, one table at a
 * time, leaving out the search index (the FTS5 table search_index and its shadow tables
 * search_index_*). Since SQLite 3.44 a whole-file check also has FTS5 read its index through and
 * compare it (measured: ten times the rest of the check at 50,000 messages, seconds at 100,000),
 * and its shadow tables are a quarter of the file; but the index is derived data: every word of
 * it is also in messages and chunks, and damage to it is found by the query that meets it, which
 * empties it to be built again (search-service.ts). Returns the problems found; none for a sound
 * file. Not checked one table at a time: pages that no table uses (leaks, not loss).
 */
export function checkIntegrity(sql: SqlClient, pragma: IntegrityPragma, schema = 'main'): string[] {
  return checkedTables(sql, schema).flatMap((table) => checkTable(sql, pragma, table, schema));
}

export type IntegrityPragma = 'quick_check' | 'integrity_check';

/** The tables checkIntegrity checks, in the order it checks them. */
export function checkedTables(sql: SqlClient, schema = 'main'): string[] {
  return sql
    .all(
      `SELECT name FROM ${schema}.sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'
       AND name NOT LIKE 'search\\_index\\_%' ESCAPE '\\' ORDER BY name`,
    )
    .map((row) => String(row.name));
}

/** The problems the check finds in one table (and its indexes) of `schema`; none when it is sound. */
export function checkTable(sql: SqlClient, pragma: IntegrityPragma, table: string, schema = 'main'): string[] {
  const rows = sql
    .all(`PRAGMA ${schema}.${pragma}("${table.replaceAll('"', '""')}")`)
    .map((row) => String(Object.values(row)[0]));
  return rows.length === 1 && rows[0] === 'ok' ? [] : rows;
}
