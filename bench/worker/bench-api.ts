import { createSqliteRepositories } from '../../src/worker/db/sqlite';
import type { Repositories } from '../../src/worker/db/repositories';
import type { Message } from '../../src/shared/entities';
import { sessionId, type CorpusSpec } from '../shared/corpus';
import type { MessageStore } from '../shared/message-store';
import { corpusSpec, type BenchSizes } from '../shared/options';
import { createCorpusSessions, deleteBigSession, insertCorpus, readPages, streamUpserts } from '../shared/store-scenarios';
import { benchDocument, generatePdf, generateSheet } from './documents';
import { dropFts5 } from './fts5-engine';
import { IdbStore } from './idb-store';
import { closeBenchDatabase, openBenchDatabase, type BenchDatabase } from './open-bench-db';
import { removeWorkspaceFolders } from './opfs-file';
import { buildMinisearchDesign, dropMinisearchDesign, queryMinisearchDesign } from './minisearch-design';
import * as search from './search-scenarios';
import { SqliteStore } from './sqlite-store';

/**
 * The bench worker's steps, called one by one by the runner (through the page), so that it can
 * measure the heap around a step and report progress. State lives here between steps.
 */
export type Engine = 'sqlite' | 'idb';

interface State {
  sizes: BenchSizes;
  spec: CorpusSpec;
  db: BenchDatabase;
  repos: Repositories;
  stores: Record<Engine, MessageStore>;
  idb: IdbStore;
}

let state: State | undefined;

function current(): State {
  if (!state) throw new Error('Call setup() first.');
  return state;
}

export const benchApi = {
  /** Opens empty databases (SQLite on OPFS, IndexedDB) and creates the corpus's sessions in both. */
  async setup(sizes: BenchSizes) {
    const db = await openBenchDatabase({ wipe: true });
    await removeWorkspaceFolders();
    const repos = createSqliteRepositories(db.sql);
    const idb = await IdbStore.open();
    const spec = corpusSpec(sizes);
    state = { sizes, spec, db, repos, idb, stores: { sqlite: new SqliteStore(repos), idb } };
    for (const store of Object.values(state.stores)) await createCorpusSessions(store, spec);
    return environment(db);
  },

  insertCorpus: (engine: Engine) => insertCorpus(current().stores[engine], current().spec, current().sizes.batch),
  readPages: (engine: Engine) => readPages(current().stores[engine], current().spec, current().sizes),
  streamUpserts: (engine: Engine) => streamUpserts(current().stores[engine], current().spec, current().sizes),
  deleteBigSession: (engine: Engine) => deleteBigSession(current().stores[engine], current().spec),

  /** One read for the Comlink timings: the page times the whole round trip. */
  keyset: (direction: 'after' | 'before', anchorId: string | null, limit: number): Message[] =>
    current().stores.sqlite.keyset(sessionId(current().spec, 0), direction, anchorId, limit) as Message[],
  getPage: (page: number, pageSize: number): Message[] =>
    current().stores.sqlite.getPage(sessionId(current().spec, 0), page, pageSize) as Message[],

  /** The app's SearchService: full build, queries, restart, loading beside reads, catch-up; FTS5 beside it. */
  buildSearch: () => search.buildSearch(current().repos, current().db.sql),
  buildFts5: () => search.buildFts5Index(current().db.sql),
  runQueries: () => search.runQueries(current().db.sql, current().spec, current().sizes),
  rememberResults: () => search.rememberResults(current().spec),
  restartSearch: () => search.restartSearch(current().repos, current().db.sql, current().spec),
  keysetWhileLoading: () => search.keysetWhileLoading(current().repos, current().db.sql, current().spec, current().sizes),
  catchUp: () => search.catchUp(current().repos, current().db.sql, current().spec, current().sizes),
  /** The design not chosen: one minisearch index of every message (bench/README.md). */
  buildMinisearchDesign: () => buildMinisearchDesign(current().db.sql, current().sizes),
  queryMinisearchDesign: () => queryMinisearchDesign(current().sizes),
  dropMinisearchDesign,
  /** Leaves the database as the app would have it before the cold starts. */
  dropSearch() {
    search.dropSearch();
    dropFts5(current().db.sql);
  },

  async documents() {
    const { repos, spec, sizes } = current();
    const session = sessionId(spec, 1);
    const pdf = await benchDocument(repos, session, 'bench-report.pdf', generatePdf(sizes.seed, sizes.pdfPages));
    const sheet = await benchDocument(repos, session, 'bench-ledger.xlsx', generateSheet(sizes.seed, sizes.sheetRows));
    return { pdf, sheet };
  },

  databaseBytes: () => Number(current().db.sql.value('PRAGMA page_count')) * Number(current().db.sql.value('PRAGMA page_size')),

  /** Closes everything and releases the OPFS pool, so the cold-start pages can open it. */
  close() {
    const { db, idb } = current();
    closeBenchDatabase(db);
    idb.close();
    state = undefined;
  },
};

export type BenchApi = typeof benchApi;

function environment(db: BenchDatabase) {
  const pragma = (name: string) => db.sql.value(`PRAGMA ${name}`);
  return {
    sqliteVersion: db.sqlite3.version.libVersion,
    crossOriginIsolated: self.crossOriginIsolated,
    timerResolutionMs: timerResolution(),
    userAgent: navigator.userAgent,
    pragmas: Object.fromEntries(
      ['synchronous', 'journal_mode', 'locking_mode', 'page_size', 'cache_size', 'foreign_keys'].map((n) => [n, pragma(n)]),
    ),
  };
}

/** The smallest step performance.now() takes here (5 us isolated, 100 us otherwise). */
function timerResolution(): number {
  let smallest = Infinity;
  for (let i = 0; i < 50; i++) {
    const start = performance.now();
    let next = performance.now();
    while (next === start) next = performance.now();
    smallest = Math.min(smallest, next - start);
  }
  return smallest;
}
