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

export interface QueryResult {
  id: string;
  query: string;
  minisearch: Summary & { hits: number };
  fts5: Summary & { hits: number };
}

export interface DocumentResult {
  name: string;
  bytes: number;
  parseMs: number;
  storeMs: number;
  lines: number;
  chunks: number;
}
