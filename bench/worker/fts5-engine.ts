import type { SqlClient } from '../../src/worker/db/sqlite/sql-client';
import { SEARCH_LIMIT, type SearchQuery } from '../shared/queries';

/**
 * FTS5, compiled into sqlite-wasm, over the same messages: an external-content unicode61 table
 * (the text stays in `messages`, only the index is added) plus a contentless trigram table for
 * the messages holding CJK, where unicode61 sees a whole sentence as one token.
 */
const CJK_CLASS = '[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]';

export function buildFts5(sql: SqlClient): { wordsMs: number; trigramMs: number; cjkDocs: number } {
  const cjk = new RegExp(CJK_CLASS);
  sql.db.createFunction('bench_has_cjk', (_context, text) => (cjk.test(String(text)) ? 1 : 0), { deterministic: true });
  sql.exec(`
    CREATE VIRTUAL TABLE bench_fts USING fts5(content, content='messages', content_rowid='rowid', tokenize='unicode61');
    CREATE VIRTUAL TABLE bench_fts_cjk USING fts5(content, content='', tokenize='trigram');`);
  let start = performance.now();
  sql.exec("INSERT INTO bench_fts(bench_fts) VALUES ('rebuild')");
  const wordsMs = performance.now() - start;
  start = performance.now();
  sql.exec('INSERT INTO bench_fts_cjk(rowid, content) SELECT rowid, content FROM messages WHERE bench_has_cjk(content)');
  const trigramMs = performance.now() - start;
  return { wordsMs, trigramMs, cjkDocs: Number(sql.value('SELECT COUNT(1) FROM bench_fts_cjk')) };
}

/** The best SEARCH_LIMIT message ids by bm25, of every session or of one. */
export function searchFts5(sql: SqlClient, query: SearchQuery, sessionId?: string): string[] {
  const table = query.fts5Table === 'words' ? 'bench_fts' : 'bench_fts_cjk';
  const session = sessionId === undefined ? '' : ' AND m.session_id = ?';
  return sql
    .all(
      `SELECT m.id FROM ${table} f JOIN messages m ON m.rowid = f.rowid WHERE ${table} MATCH ?${session} ORDER BY f.rank LIMIT ${SEARCH_LIMIT}`,
      sessionId === undefined ? [query.fts5] : [query.fts5, sessionId],
    )
    .map((row) => String(row.id));
}

/** How many messages match in all (counted separately from the timed query). */
export function countFts5(sql: SqlClient, query: SearchQuery, sessionId?: string): number {
  const table = query.fts5Table === 'words' ? 'bench_fts' : 'bench_fts_cjk';
  if (sessionId === undefined) return Number(sql.value(`SELECT COUNT(1) FROM ${table} WHERE ${table} MATCH ?`, [query.fts5]));
  return Number(
    sql.value(
      `SELECT COUNT(1) FROM ${table} f JOIN messages m ON m.rowid = f.rowid WHERE ${table} MATCH ? AND m.session_id = ?`,
      [query.fts5, sessionId],
    ),
  );
}

/** Indexes one new message in its own (durable) transaction, as an app would after each reply. */
export function addToFts5(sql: SqlClient, rowid: number, content: string): void {
  sql.transaction(() => sql.run('INSERT INTO bench_fts(rowid, content) VALUES (?, ?)', [rowid, content]));
}

export function dropFts5(sql: SqlClient): void {
  sql.exec('DROP TABLE IF EXISTS bench_fts; DROP TABLE IF EXISTS bench_fts_cjk;');
}
