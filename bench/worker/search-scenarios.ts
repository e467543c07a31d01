import type { Repositories } from '../../src/worker/db/repositories';
import type { SqlClient } from '../../src/worker/db/sqlite/sql-client';
import { ChangeFeed } from '../../src/worker/change-feed';
import { matchExpression } from '../../src/worker/search/index-reader';
import { planWords } from '../../src/worker/search/search-plan';
import { SearchService, type SearchHit } from '../../src/worker/search/search-service';
import { Vocabulary } from '../../src/worker/search/vocabulary';
import { VocabularyStore } from '../../src/worker/search/vocabulary-store';
import { yieldToCalls } from '../../src/worker/search/yield-to-calls';
import { OpfsWorkspaceFolders } from '../../src/worker/sessions/workspace-folders';
import { messageAt, sessionId, type CorpusSpec } from '../shared/corpus';
import type { BenchSizes } from '../shared/options';
import { QUERIES, SEARCH_LIMIT } from '../shared/queries';
import type { QueryResult, ScopeResult, SearchQueryResults } from '../shared/results';
import { summarize, timeSamples } from '../shared/stats';
import { addToFts5, buildFts5, countFts5, searchFts5 } from './fts5-engine';

/**
 * The app's own search (src/worker/search: SearchService over the FTS5 table search_index and a
 * minisearch index of its vocabulary) against plain FTS5 on the same messages. The service is
 * built exactly as src/worker/compose.ts builds it; it lives here between steps.
 */
let service: SearchService | undefined;
/** What every query returned before the restart, to compare with what the restarted service returns. */
let expected: Map<string, string> | undefined;

function built(): SearchService {
  if (!service) throw new Error('Build the search index first.');
  return service;
}

const newService = (repos: Repositories, sql: SqlClient) =>
  new SearchService(sql, repos, new OpfsWorkspaceFolders(), new ChangeFeed());

const databaseBytes = (sql: SqlClient) => Number(sql.value('PRAGMA page_count')) * Number(sql.value('PRAGMA page_size'));

/** The session the "one session" scope searches: session 0, the big one (the worst case). */
const scopedSession = (spec: CorpusSpec) => sessionId(spec, 0);

/**
 * The full build: warmUp() with every message queued (the corpus was inserted through the
 * repositories, whose triggers queue each row), as after the upgrade from per-session files.
 */
export async function buildSearch(repos: Repositories, sql: SqlClient) {
  const before = databaseBytes(sql);
  const queued = Number(sql.value('SELECT COUNT(1) FROM search_queue'));
  service = newService(repos, sql);
  const start = performance.now();
  await service.warmUp();
  const buildMs = performance.now() - start;
  const passStart = performance.now();
  await service.runIndexingPass({ recountVocabulary: true });
  const passMs = performance.now() - passStart;
  const rows = Number(sql.value('SELECT COUNT(1) FROM search_index_docsize'));
  const terms = Number(sql.value('SELECT COUNT(1) FROM search_terms'));
  return { buildMs, passMs, queued, rows, terms, diskBytes: databaseBytes(sql) - before };
}

export function buildFts5Index(sql: SqlClient) {
  const before = databaseBytes(sql);
  const times = buildFts5(sql);
  return { ...times, buildMs: times.wordsMs + times.trigramMs, diskBytes: databaseBytes(sql) - before };
}

/** Every row the app's index matches for `text` (what query() shows is the best 50 of these). */
function countMatches(sql: SqlClient, text: string, sessionId?: string): number {
  const vocabulary = appVocabulary ?? new Vocabulary();
  const groups = planWords(text, vocabulary, { prefix: 'last' });
  if (groups.some((group) => group.terms.length === 0)) return 0;
  const match = matchExpression(
    groups.map((group) => group.terms),
    { sessionId },
  );
  return Number(sql.value('SELECT COUNT(1) FROM search_index WHERE search_index MATCH ?', [match]));
}
let appVocabulary: Vocabulary | undefined;

/** The app's search through SearchService.query, every session and one session, against FTS5. */
export async function runQueries(sql: SqlClient, spec: CorpusSpec, sizes: BenchSizes): Promise<SearchQueryResults> {
  const search = built();
  appVocabulary = await new VocabularyStore(sql).load(() => false);
  const results: QueryResult[] = [];
  const options = { budgetMs: sizes.budgetMs };
  for (const query of QUERIES) {
    const scope = async (sessionId: string | undefined): Promise<ScopeResult> => {
      const ask = { text: query.text, sessionId, limit: SEARCH_LIMIT };
      const app = await timeSamples(sizes.searchSamples, () => search.query(ask), options);
      const fts5 = await timeSamples(sizes.searchSamples, () => searchFts5(sql, query, sessionId), options);
      const answer = await search.query(ask);
      return {
        app: { ...app, hits: countMatches(sql, query.text, sessionId), returned: answer.hits.length, order: answer.order },
        fts5: { ...fts5, hits: countFts5(sql, query, sessionId) },
      };
    };
    results.push({ id: query.id, query: query.text, global: await scope(undefined), session: await scope(scopedSession(spec)) });
  }
  appVocabulary = undefined;
  return { queries: results, sessions: spec.sessions };
}

/** Remembers every query's answer, then lets the service go: a restart has only the database. */
export async function rememberResults(spec: CorpusSpec) {
  expected = await allResults(built(), spec);
  service = undefined;
}

/** A restart: a new SearchService on the same database; warmUp() loads the vocabulary. */
export async function restartSearch(repos: Repositories, sql: SqlClient, spec: CorpusSpec) {
  if (!expected) throw new Error('Remember the results first.');
  service = newService(repos, sql);
  const start = performance.now();
  await service.warmUp();
  const loadMs = performance.now() - start;
  const now = await allResults(service, spec);
  const differing = [...expected.keys()].filter((key) => now.get(key) !== expected?.get(key));
  expected = undefined;
  return { loadMs, compared: now.size, differing };
}

/**
 * What a user feels while a restarted service loads: keyset pages of the big session read over
 * and over while warmUp() runs, each timed from the moment it was asked (queued behind whatever
 * step of the load holds the worker) to its answer. Then the same during a full rebuild.
 */
export async function keysetWhileLoading(repos: Repositories, sql: SqlClient, spec: CorpusSpec, sizes: BenchSizes) {
  const during = async (work: Promise<unknown>) => {
    let done = false;
    void work.then(() => (done = true));
    const samples: number[] = [];
    while (!done) {
      const asked = performance.now();
      // A message to ourselves, not setTimeout(0): nested zero timeouts are stretched to 4 ms.
      await yieldToCalls();
      repos.messages.listBefore(scopedSession(spec), null, sizes.pageSize);
      samples.push(performance.now() - asked);
    }
    await work;
    return summarize(samples);
  };
  const restarted = newService(repos, sql);
  const load = await during(restarted.warmUp());
  const rebuild = await during(restarted.rebuild());
  restarted.close();
  return { load, rebuild };
}

async function allResults(search: SearchService, spec: CorpusSpec): Promise<Map<string, string>> {
  const results = new Map<string, string>();
  for (const query of QUERIES) {
    for (const [scope, id] of [
      ['all', undefined],
      ['one', scopedSession(spec)],
    ] as const) {
      const { hits } = await search.query({ text: query.text, sessionId: id, limit: SEARCH_LIMIT });
      results.set(`${query.id}/${scope}`, JSON.stringify(hits.map(hitKey)));
    }
  }
  return results;
}

const hitKey = (hit: SearchHit) => `${hit.kind === 'message' ? hit.messageId : hit.chunkId}:${hit.score.toFixed(6)}`;

/**
 * Catch-up, the incremental update: a message is inserted through the repositories (untimed),
 * then the next query (the rare word, in the session written to) must see it. Each sample pairs
 * it with the same query once the background drain has indexed the message for good (nothing
 * waits); the difference is what one new message adds to a query. The drain itself, which the
 * app runs in the background after a write, is timed too (`background`). FTS5: indexing one new
 * message durably, its own transaction.
 */
export async function catchUp(repos: Repositories, sql: SqlClient, spec: CorpusSpec, sizes: BenchSizes) {
  const search = built();
  const samples = Math.max(20, Math.min(50, sizes.samples));
  const target = sessionId(spec, 1);
  const fresh = Array.from({ length: samples * 2 + 10 }, (_, k) => ({
    ...messageAt(spec, spec.messages + 1000 + k),
    sessionId: target,
  }));
  const ask = { text: QUERIES[1].text, sessionId: target, limit: SEARCH_LIMIT };
  await search.query(ask);
  const after: number[] = [];
  const still: number[] = [];
  const added: number[] = [];
  const background: number[] = [];
  for (let k = -5; k < samples; k++) {
    repos.messages.insert(fresh[k + 5]);
    let start = performance.now();
    await search.query(ask);
    const caughtUp = performance.now() - start;
    start = performance.now();
    await search.drain();
    const drained = performance.now() - start;
    start = performance.now();
    await search.query(ask);
    const unchanged = performance.now() - start;
    if (k < 0) continue; // warm-up
    after.push(caughtUp);
    still.push(unchanged);
    added.push(caughtUp - unchanged);
    background.push(drained);
  }
  const lastId = fresh[samples + 4].id;
  const indexed =
    sql.value('SELECT 1 FROM search_queue q JOIN messages m ON m.rowid = q.doc WHERE m.id = ?', [lastId]) === undefined;
  const more = fresh.slice(samples + 5);
  repos.messages.insertMany(more);
  await search.drain();
  const rowids = more.map((m) => Number(sql.value('SELECT rowid FROM messages WHERE id = ?', [m.id])));
  const fts5 = await timeSamples(more.length, (k) => addToFts5(sql, rowids[k], more[k].content), { warmup: 0 });
  return {
    added: summarize(added),
    after: summarize(after),
    unchanged: summarize(still),
    background: summarize(background),
    indexed,
    fts5,
  };
}

export function dropSearch(): void {
  service?.close();
  service = undefined;
  expected = undefined;
}
