import type { SqlClient } from '../db/sqlite/sql-client';

/** What SQLite's integrity check found, the search index's own damage set apart. */
export interface IntegrityReport {
  /** Problems of the database file itself: any of them and the database is damaged. */
  problems: string[];
  /** The search index alone is damaged: it is rebuilt from the database (resetDamagedIndex), never fatal. */
  searchIndexDamaged: boolean;
}

/**
 * `PRAGMA quick_check` (or `integrity_check`) with the search index set apart. Since SQLite 3.44
 * the check also reads FTS5 tables through and reports their damage as the file's, but the index
 * (migration 0004) is derived data: every word of it is also in messages and chunks. So its
 * problems are found by checking it alone, and only what the whole check finds beyond them counts
 * as damage of the file. Damage of the index's own b-trees is reported by the whole check only,
 * so it still counts: the file is damaged there, and writing to it could make that worse.
 */
export function checkIntegrity(sql: SqlClient, pragma: 'quick_check' | 'integrity_check'): IntegrityReport {
  const all = problemsOf(sql, `PRAGMA ${pragma}`);
  if (all.length === 0) return { problems: [], searchIndexDamaged: false };
  const hasIndex = sql.value("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'search_index'") !== undefined;
  if (!hasIndex) return { problems: all, searchIndexDamaged: false };
  const ofIndex = new Set(problemsOf(sql, `PRAGMA ${pragma}(search_index)`));
  return { problems: all.filter((problem) => !ofIndex.has(problem)), searchIndexDamaged: ofIndex.size > 0 };
}

function problemsOf(sql: SqlClient, check: string): string[] {
  const rows = sql.all(check).map((row) => String(Object.values(row)[0]));
  return rows.length === 1 && rows[0] === 'ok' ? [] : rows;
}
