import type { Role } from '../../shared/entities';
import type { SqlClient } from '../db/sqlite/sql-client';
import { BM25, CHUNK_BASE, DOCUMENT_TAG, quoted, roleTag, sessionTag } from './index-rows';

export interface IndexFilter {
  sessionId?: string;
  /** Only messages of this role; 'document' keeps only document chunks. */
  role?: Role | 'document';
  /** Written or stored at or after / before these times (Unix ms). */
  from?: number;
  to?: number;
}

/** A row of the index that matched: `score` is BM25 (higher is better), 0 in newest-first order. */
export interface RankedDoc {
  doc: number;
  score: number;
}

/**
 * An FTS5 query: the filter's tags, then each group of index words (any word of a group, every
 * group). Every word and tag is quoted, so nothing a user types is ever read as FTS5 syntax.
 * Words need no column filter: no text can produce a tag ('§' is never a word character), and
 * FTS5 answers faster without one.
 */
export function matchExpression(groups: readonly string[][], filter: IndexFilter): string {
  const parts: string[] = [];
  if (filter.sessionId !== undefined) parts.push(`{tags}: ${quoted(sessionTag(filter.sessionId))}`);
  if (filter.role !== undefined)
    parts.push(`{tags}: ${quoted(filter.role === 'document' ? DOCUMENT_TAG : roleTag(filter.role))}`);
  for (const group of groups) parts.push(`(${group.map(quoted).join(' OR ')})`);
  return parts.join(' AND ');
}

/** When a row was written (messages) or stored (chunks), Unix ms: the date filter's column. */
const AT = `CASE WHEN search_index.rowid > -${CHUNK_BASE}
  THEN (SELECT created_at FROM messages WHERE rowid = -search_index.rowid)
  ELSE (SELECT unixepoch(t.uploaded_at, 'subsec') * 1000 FROM chunks c JOIN contents t ON t.id = c.content_id
        WHERE c.rowid = -search_index.rowid - ${CHUNK_BASE}) END`;

/** The SQL queries of search over the FTS5 table search_index (migration 0004). */
export class IndexReader {
  constructor(private readonly sql: SqlClient) {}

  /**
   * The best `limit` rows by BM25 over the whole corpus (index-rows.ts). bm25() itself, not the
   * table's `rank`: ORDER BY rank has FTS5 prepare a statement of its own for every query,
   * measured twice the time of a rare word's whole ranking; the scores are the same.
   */
  byRelevance(match: string, filter: IndexFilter, limit: number): RankedDoc[] {
    const [date, bind] = dateCondition(filter);
    return this.sql
      .all(`SELECT rowid AS doc, ${BM25} AS score FROM search_index WHERE search_index MATCH ?${date} ORDER BY score LIMIT ?`, [
        match,
        ...bind,
        limit,
      ])
      .map((row) => ({ doc: Number(row.doc), score: -Number(row.score) }));
  }

  /**
   * The newest `limit` messages and the newest `limit` chunks that match, by row id (the order of
   * writing, newest first: index-rows.ts), which FTS5 walks forward without ranking a single
   * match: the order for words most rows hold.
   */
  newest(match: string, filter: IndexFilter, limit: number): RankedDoc[] {
    const [date, bind] = dateCondition(filter);
    const arm = (range: string) =>
      this.sql
        .all(`SELECT rowid AS doc FROM search_index WHERE search_index MATCH ? AND ${range}${date} ORDER BY rowid LIMIT ?`, [
          match,
          ...bind,
          limit,
        ])
        .map((row) => ({ doc: Number(row.doc), score: 0 }));
    const messages = filter.role === 'document' ? [] : arm(`rowid > -${CHUNK_BASE}`);
    const chunks = filter.role !== undefined && filter.role !== 'document' ? [] : arm(`rowid <= -${CHUNK_BASE}`);
    return [...messages, ...chunks];
  }

  /**
   * Of `docs`, those in the filter's session and of its role (or documents): for a few hits,
   * two rowid lookups are cheaper than asking FTS5 to intersect a whole session's tag.
   */
  inScope(docs: number[], filter: IndexFilter): Set<number> {
    const json = JSON.stringify(docs);
    const session = filter.sessionId ?? null;
    const role = filter.role ?? null;
    const messages =
      role === 'document'
        ? []
        : this.sql.all(
            `SELECT -rowid AS doc FROM messages WHERE rowid IN (SELECT -value FROM json_each(?1) WHERE value > -${CHUNK_BASE})
             AND (?2 IS NULL OR session_id = ?2) AND (?3 IS NULL OR role = ?3)`,
            [json, session, role],
          );
    const chunks =
      role !== null && role !== 'document'
        ? []
        : this.sql.all(
            `SELECT -${CHUNK_BASE} - c.rowid AS doc FROM chunks c JOIN contents t ON t.id = c.content_id
             WHERE c.rowid IN (SELECT -value - ${CHUNK_BASE} FROM json_each(?1) WHERE value <= -${CHUNK_BASE})
             AND (?2 IS NULL OR t.session_id = ?2)`,
            [json, session],
          );
    return new Set([...messages, ...chunks].map((row) => Number(row.doc)));
  }

  /** Every row that matches (call it only with a selective expression). */
  matching(match: string): Set<number> {
    return new Set(
      this.sql.all('SELECT rowid AS doc FROM search_index WHERE search_index MATCH ?', [match]).map((row) => Number(row.doc)),
    );
  }
}

function dateCondition(filter: IndexFilter): [string, number[]] {
  if (filter.from === undefined && filter.to === undefined) return ['', []];
  return [` AND ${AT} BETWEEN ? AND ?`, [filter.from ?? Number.MIN_SAFE_INTEGER, filter.to ?? Number.MAX_SAFE_INTEGER]];
}
