import type { SqlClient } from '../db/sqlite/sql-client';

/**
 * `PRAGMA quick_check` (or `integrity_check`) of every table of the file except the search
 * index's FTS5 table, one table at a time. Since SQLite 3.44 a whole-file check also has FTS5
 * read its index through and compare it (measured: ten times the rest of the check at 50,000
 * messages, seconds at 100,000), but that index is derived data: every word of it is also in
 * messages and chunks, and damage to it is found by the query that meets it and rebuilt
 * (search-service.ts). Its shadow tables are ordinary b-trees and are checked like every other,
 * so damage of the file there still counts. Returns the problems found; none for a sound file.
 */
export function checkIntegrity(sql: SqlClient, pragma: 'quick_check' | 'integrity_check'): string[] {
  const tables = sql
    .all("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")
    .map((row) => String(row.name));
  return tables.flatMap((table) => {
    const rows = sql.all(`PRAGMA ${pragma}("${table.replaceAll('"', '""')}")`).map((row) => String(Object.values(row)[0]));
    return rows.length === 1 && rows[0] === 'ok' ? [] : rows;
  });
}
