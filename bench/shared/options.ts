import type { CorpusSpec } from './corpus';

/** Every size the benchmark uses; `npm run bench -- --help` lists the flags that set them. */
export interface BenchSizes {
  seed: number;
  /** Messages in the main corpus, spread over `sessions` sessions. */
  messages: number;
  sessions: number;
  /** Messages of session 0, the one paged through and deleted. */
  bigSession: number;
  /** Messages of the session the real app opens (seeded separately). */
  openSession: number;
  /** Rows per insert_many call. */
  batch: number;
  /** Timed repetitions of each latency scenario. */
  samples: number;
  /** Timed repetitions of each search query. */
  searchSamples: number;
  /** Wall-clock ms after which a latency scenario stops sampling (keeping at least 20 samples). */
  budgetMs: number;
  /** Page reloads for the cold start median. */
  coldStarts: number;
  /** Session switches and page loads of the real app, each. */
  appRuns: number;
  pdfPages: number;
  sheetRows: number;
  pageSize: number;
}

export const DEFAULT_SIZES: BenchSizes = {
  seed: 42,
  messages: 100_000,
  sessions: 200,
  bigSession: 10_000,
  openSession: 100_000,
  batch: 10_000,
  samples: 200,
  searchSamples: 100,
  budgetMs: 4_000,
  coldStarts: 7,
  appRuns: 5,
  pdfPages: 100,
  sheetRows: 50_000,
  pageSize: 50,
};

/** Tiny sizes: proves every scenario runs and yields a number, in seconds. Never judge these. */
export const SMOKE_SIZES: BenchSizes = {
  seed: 42,
  messages: 2_000,
  sessions: 10,
  bigSession: 500,
  openSession: 1_000,
  batch: 500,
  samples: 10,
  searchSamples: 5,
  budgetMs: 1_000,
  coldStarts: 2,
  appRuns: 1,
  pdfPages: 3,
  sheetRows: 200,
  pageSize: 50,
};

export function corpusSpec(sizes: BenchSizes): CorpusSpec {
  return { seed: sizes.seed, messages: sizes.messages, sessions: sizes.sessions, bigSession: sizes.bigSession, prefix: 'b' };
}

/** The session the real app opens: one session, its own ids. */
export function openSessionSpec(sizes: BenchSizes): CorpusSpec {
  return { seed: sizes.seed + 1, messages: sizes.openSession, sessions: 1, bigSession: sizes.openSession, prefix: 'open-' };
}
