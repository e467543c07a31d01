import type { Repositories } from '../../src/worker/db/repositories';
import type { SqlClient } from '../../src/worker/db/sqlite/sql-client';
import { ChangeFeed } from '../../src/worker/change-feed';
import { SearchService, type SearchHit } from '../../src/worker/search/search-service';
import { SearchSource } from '../../src/worker/search/search-source';
import { OpfsWorkspaceFolders } from '../../src/worker/sessions/workspace-folders';
import { messageAt, sessionId, type CorpusSpec } from '../shared/corpus';
import type { BenchSizes } from '../shared/options';
import { QUERIES, SEARCH_LIMIT } from '../shared/queries';
import type { QueryResult, ScopeResult, SearchQueryResults } from '../shared/results';
import { summarize, timeSamples } from '../shared/stats';
import { addToFts5, buildFts5, countFts5, searchFts5 } from './fts5-engine';
import { workspaceFileBytes } from './opfs-file';

/**
 * The app's own search (src/worker/search: SearchService over one minisearch index per session,
 * persisted to each session's OPFS workspace folder) against FTS5 on the same messages. The
 * service is built exactly as src/worker/compose.ts builds it; it lives here between steps.
 */
let service: SearchService | undefined;
/** What every query returned before the restart, to compare with what the loaded files return. */
let expected: Map<string, string> | undefined;

function built(): SearchService {
  if (!service) throw new Error('Build the search indexes first.');
  return service;
}

function newService(repos: Repositories, sql: SqlClient): SearchService {
  return new SearchService(repos, new SearchSource(sql), new OpfsWorkspaceFolders(), new ChangeFeed());
}

/** The session the "one session" scope searches: session 0, the big one (the worst case). */
const scopedSession = (spec: CorpusSpec) => sessionId(spec, 0);

/** The full build: warmUp() on a database without any persisted index. */
export async function buildSearch(repos: Repositories, sql: SqlClient) {
  service = newService(repos, sql);
  const start = performance.now();
  await service.warmUp();
  const buildMs = performance.now() - start;
  const sessions = [...new SearchSource(sql).sessionCounters().keys()];
  let messages = 0;
  let documents = 0;
  for (const id of sessions) {
    messages += service.indexOf(id)?.messageCount ?? 0;
    documents += service.indexOf(id)?.documentCount ?? 0;
  }
  return { buildMs, sessions: sessions.length, messages, documents, yieldMs: await yieldCost(sessions.length) };
}

/**
 * What warmUp() and runIndexingPass() spend just yielding between sessions (setTimeout 0, which
 * Chromium clamps to 4 ms once timers nest five deep), for as many sessions.
 */
async function yieldCost(count: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < count; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  return performance.now() - start;
}

export function buildFts5Index(sql: SqlClient) {
  const pages = () => Number(sql.value('PRAGMA page_count')) * Number(sql.value('PRAGMA page_size'));
  const before = pages();
  const times = buildFts5(sql);
  return { ...times, buildMs: times.wordsMs + times.trigramMs, diskBytes: pages() - before };
}

/** The app's search through SearchService.query, every session (merged) and one session, against FTS5. */
export async function runQueries(sql: SqlClient, spec: CorpusSpec, sizes: BenchSizes): Promise<SearchQueryResults> {
  const search = built();
  const results: QueryResult[] = [];
  const options = { budgetMs: sizes.budgetMs };
  const source = new SearchSource(sql);
  const sessions = [...source.sessionCounters().keys()];
  for (const query of QUERIES) {
    const scope = async (sessionId: string | undefined): Promise<ScopeResult> => {
      const ask = { text: query.text, sessionId, limit: SEARCH_LIMIT };
      const app = await timeSamples(sizes.searchSamples, () => search.query(ask), options);
      const fts5 = await timeSamples(sizes.searchSamples, () => searchFts5(sql, query, sessionId), options);
      // Every match, not just the 50 shown: each session index's own search, unlimited.
      const matches = (sessionId ? [sessionId] : sessions).reduce(
        (sum, id) => sum + (search.indexOf(id)?.search(query.text, {}, Infinity).length ?? 0),
        0,
      );
      const returned = (await search.query(ask)).hits.length;
      return { app: { ...app, hits: matches, returned }, fts5: { ...fts5, hits: countFts5(sql, query, sessionId) } };
    };
    const global = await scope(undefined);
    const session = await scope(scopedSession(spec));
    // Where a global query's time goes: the per-session index searches alone, without the service.
    const indexOnly = await timeSamples(
      Math.min(sizes.searchSamples, 30),
      () => {
        for (const id of sessions) search.indexOf(id)?.search(query.text, {}, SEARCH_LIMIT);
      },
      options,
    );
    results.push({ id: query.id, query: query.text, global, session, indexOnly });
  }
  const counters = await timeSamples(50, () => source.sessionCounters(), options);
  return { queries: results, sessionCountersMs: counters.p50, sessions: sessions.length };
}

/** The indexing pass: every session's index compacted, serialized and written to its OPFS folder. */
export async function persistSearch(sql: SqlClient, spec: CorpusSpec) {
  const search = built();
  const start = performance.now();
  const saved = await search.runIndexingPass();
  const persistMs = performance.now() - start;
  const files = await workspaceFileBytes();
  expected = await allResults(search, spec);
  service = undefined; // a restart has only the files
  return { persistMs, saved, ...files };
}

/** A restart: a new SearchService on the same database and folders loads the files. */
export async function restartSearch(repos: Repositories, sql: SqlClient, spec: CorpusSpec) {
  if (!expected) throw new Error('Persist the search indexes first.');
  service = newService(repos, sql);
  const start = performance.now();
  await service.warmUp();
  const loadMs = performance.now() - start;
  // A file that could not be used is rebuilt and left unsaved: it would show as dirty.
  const rebuilt = service.status().filter((status) => status.dirty).length;
  const now = await allResults(service, spec);
  const differing = [...expected.keys()].filter((key) => now.get(key) !== expected?.get(key));
  expected = undefined;
  return { loadMs, rebuilt, compared: now.size, differing };
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
 * then the next query (the rare word, in the session written to) brings that index up to date
 * first. Each sample pairs it with the same query with nothing to catch up; the difference is
 * what one new message adds. FTS5: indexing one new message durably, its own transaction.
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
  for (let k = -5; k < samples; k++) {
    repos.messages.insert(fresh[k + 5]);
    let start = performance.now();
    await search.query(ask);
    const caughtUp = performance.now() - start;
    start = performance.now();
    await search.query(ask);
    const unchanged = performance.now() - start;
    if (k < 0) continue; // warm-up
    after.push(caughtUp);
    still.push(unchanged);
    added.push(caughtUp - unchanged);
  }
  const indexed = search.indexOf(target)?.hasMessage(fresh[samples + 4].id) ?? false;
  const more = fresh.slice(samples + 5);
  repos.messages.insertMany(more);
  const rowids = more.map((m) => Number(sql.value('SELECT rowid FROM messages WHERE id = ?', [m.id])));
  const fts5 = await timeSamples(more.length, (k) => addToFts5(sql, rowids[k], more[k].content), { warmup: 0 });
  return { added: summarize(added), after: summarize(after), unchanged: summarize(still), indexed, fts5 };
}

export function dropSearch(): void {
  service = undefined;
  expected = undefined;
}
