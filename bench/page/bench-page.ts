import type { Remote } from 'comlink';
import type { BenchSizes } from '../shared/options';
import type { PageResults } from '../shared/results';
import type { BenchApi } from '../worker/bench-api';

/** What the bench page puts on `window` for the runner (bench/runner) to call. */
export interface BenchPage {
  api: Remote<BenchApi>;
  /** Page reads timed from the main thread, round trip through Comlink included. */
  comlinkReads(sizes: BenchSizes): Promise<PageResults[]>;
}

/** Phases of one cold start, in ms since the page created the worker. */
export interface ColdStart {
  total: number;
  scriptLoaded: number;
  wasmReady: number;
  vfsInstalled: number;
  opened: number;
  prepared: number;
  firstQuery: number;
}

export interface ColdPage {
  coldStart: Promise<ColdStart>;
  /** Closes the database and releases the pool before the next reload. */
  closeCold(): Promise<void>;
}

export type BenchWindow = Window & { bench: BenchPage } & ColdPage;
