import type { Summary } from './stats';

/** What the scenarios hand back; the runner turns these into report rows. */
export interface InsertResult {
  rows: number;
  /** Time inside insertMany only; generating the messages is not counted. */
  ms: number;
  rowsPerSecond: number;
}

export interface PageResults {
  depth: string;
  offset: Summary;
  keyset: Summary;
}

export interface StoreResults {
  insert: InsertResult;
  pages: PageResults[];
  upsert: Summary;
}

/** One query in one scope: the app's SearchService.query against FTS5. */
export interface ScopeResult {
  /** hits: every row the app's index matches; returned: what query() gave (at most 50), in `order`. */
  app: Summary & { hits: number; returned: number; order: 'relevance' | 'newest' };
  fts5: Summary & { hits: number };
}

export interface QueryResult {
  id: string;
  query: string;
  /** Every session, merged (the search dialog's default). */
  global: ScopeResult;
  /** One session (the big one). */
  session: ScopeResult;
}

export interface SearchQueryResults {
  queries: QueryResult[];
  sessions: number;
}

/** The other design measured: one minisearch index of every message, in the worker's heap. */
export interface MinisearchDesignResult {
  /** False when the corpus is too large for it (it would not fit in a tab's heap). */
  ran: boolean;
  buildMs: number;
  /** Global queries, as in QUERIES (p50/p99 ms). */
  queries: { id: string; global: Summary; hits: number }[];
}

export interface DocumentResult {
  name: string;
  bytes: number;
  parseMs: number;
  storeMs: number;
  lines: number;
  chunks: number;
}
