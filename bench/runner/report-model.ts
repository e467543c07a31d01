/**
 * The report's shape: rows of one measured quantity each, the app's own implementation
 * ("ours": sqlite-wasm on OPFS, or the SearchService) beside the references it is compared with.
 * `minisearch` is the search design not chosen: one minisearch index of every message (bench/README.md).
 */
export type Reference = 'native' | 'idb' | 'fts5' | 'minisearch';

export const REFERENCE_NAMES: Record<Reference, string> = {
  native: 'native SQLite',
  idb: 'IndexedDB',
  fts5: 'FTS5',
  minisearch: 'one minisearch index',
};

export interface Measure {
  /** The headline number: a median (p50), a rate or a size. */
  value: number;
  p99?: number;
  /** Samples behind a p50 / p99. */
  n?: number;
}

export interface Row {
  id: string;
  group: string;
  label: string;
  /** For the chart, where the full label does not fit. */
  short?: string;
  unit: string;
  better: 'lower' | 'higher';
  ours?: Measure;
  refs: Partial<Record<Reference, Measure>>;
  /** Why there is no number: a scenario not available yet, or one that failed. */
  unavailable?: string;
  note?: string;
}

/**
 * How much faster ours is than a reference (> 1: faster, < 1: slower), from the headline values.
 * Undefined when either side has no finite, positive number.
 */
export function speedRatio(row: Row, ref: Reference): number | undefined {
  const theirs = row.refs[ref]?.value;
  const ours = row.ours?.value;
  if (theirs === undefined || ours === undefined || !(theirs > 0) || !(ours > 0)) return undefined;
  return row.better === 'lower' ? theirs / ours : ours / theirs;
}

export function describeRatio(ratio: number): string {
  if (ratio >= 1) return `${ratio.toFixed(ratio >= 10 ? 0 : 1)}x faster`;
  const inverse = 1 / ratio;
  return `${inverse.toFixed(inverse >= 10 ? 0 : 1)}x slower`;
}

export interface Target {
  label: string;
  /** Measured and limit, in `unit`; `ratio` is measured / limit (or ours / reference). */
  measured?: number;
  limit: number;
  unit: string;
  comparison: 'at most' | 'at least';
  met?: boolean;
  detail: string;
}

export interface Report {
  generatedAt: string;
  smoke: boolean;
  environment: Record<string, unknown>;
  sizes: Record<string, number>;
  rows: Row[];
  targets: Target[];
  notes: string[];
  errors: string[];
  /** Every measurement as the scenarios returned it (means, minima, hits, phases), for digging. */
  raw: unknown;
}
