import type { SqlClient } from '../db/sqlite/sql-client';

/**
 * Damages the search index the same way every time, as a failing disk would (tests only: the
 * e2e hook `diagnostics.damageSearchIndex` and search-service.test.ts). Every leaf page of FTS5's
 * segments is zeroed: all rows of search_index_data but the averages (id 1) and the structure
 * (id 10). The next query that reads a segment fails with SQLITE_CORRUPT_VTAB, which the search
 * service must take for damage and rebuild from. The structure record is left alone on purpose:
 * zeroed, it reads as a valid empty index, which no query can tell from one never filled.
 * Returns how many pages were damaged (0: nothing was indexed yet).
 */
export function damageSearchIndex(sql: SqlClient): number {
  return sql.run('UPDATE search_index_data SET block = zeroblob(length(block)) WHERE id > 10');
}
