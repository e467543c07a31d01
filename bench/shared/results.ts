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
  /** hits: every match (each session index searched without a limit); returned: what query() gave (at most 50). */
  app: Summary & { hits: number; returned: number };
  fts5: Summary & { hits: number };
}

export interface QueryResult {
  id: string;
  query: string;
  /** Every session, merged (the search dialog's default). */
  global: ScopeResult;
  /** One session (the big one). */
  session: ScopeResult;
  /** The global query's per-session index searches alone, without the service around them. */
  indexOnly: Summary;
}

export interface SearchQueryResults {
  queries: QueryResult[];
  /** One SearchSource.sessionCounters() read, p50 ms. */
  sessionCountersMs: number;
  sessions: number;
}

export interface DocumentResult {
  name: string;
  bytes: number;
  parseMs: number;
  storeMs: number;
  lines: number;
  chunks: number;
}
