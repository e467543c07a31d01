import type MiniSearch from 'minisearch';
import type { SqlClient } from '../../src/lib/db/sqlite/sql-client';
import type { Repositories } from '../../src/lib/db/repositories';
import { messageAt, sessionId, type CorpusSpec } from '../shared/corpus';
import type { BenchSizes } from '../shared/options';
import { QUERIES } from '../shared/queries';
import type { QueryResult } from '../shared/results';
import { timeSamples } from '../shared/stats';
import { addToFts5, buildFts5, countFts5, searchFts5 } from './fts5-engine';
import { createIndex, loadIndex, searchIndex, tokenizerCost, type SearchDoc } from './minisearch-engine';
import { readOpfsFile, writeOpfsFile } from './opfs-file';

/** minisearch against FTS5 on the same messages. The built index lives here between steps. */
let index: MiniSearch<SearchDoc> | undefined;

function builtIndex(): MiniSearch<SearchDoc> {
  if (!index) throw new Error('Build the minisearch index first.');
  return index;
}

export function buildMinisearch(sql: SqlClient) {
  let start = performance.now();
  const docs = sql.all('SELECT id, content FROM messages').map((row) => ({ id: String(row.id), content: String(row.content) }));
  const readMs = performance.now() - start;
  const tokenizer = tokenizerCost(docs.slice(0, 10_000));
  start = performance.now();
  index = createIndex();
  index.addAll(docs);
  return { readMs, buildMs: performance.now() - start, docs: docs.length, tokenizer };
}

export function buildFts5Index(sql: SqlClient) {
  const pages = () => Number(sql.value('PRAGMA page_count')) * Number(sql.value('PRAGMA page_size'));
  const before = pages();
  const times = buildFts5(sql);
  return { ...times, buildMs: times.wordsMs + times.trigramMs, diskBytes: pages() - before };
}

export async function runQueries(sql: SqlClient, sizes: BenchSizes): Promise<QueryResult[]> {
  const results: QueryResult[] = [];
  const options = { budgetMs: sizes.budgetMs };
  for (const query of QUERIES) {
    const mini = await timeSamples(sizes.searchSamples, () => searchIndex(builtIndex(), query.text), options);
    const fts5 = await timeSamples(sizes.searchSamples, () => searchFts5(sql, query), options);
    results.push({
      id: query.id,
      query: query.text,
      minisearch: { ...mini, hits: searchIndex(builtIndex(), query.text).hits },
      fts5: { ...fts5, hits: countFts5(sql, query) },
    });
  }
  return results;
}

/**
 * Indexing new messages one at a time, as replies arrive: minisearch adds to its in-memory index
 * (persisting it means writing the whole JSON again); FTS5 writes durably in its own transaction.
 */
export async function incrementalUpdates(repos: Repositories, sql: SqlClient, spec: CorpusSpec, sizes: BenchSizes) {
  const samples = sizes.samples;
  const options = { warmup: 0, budgetMs: sizes.budgetMs };
  const fresh = Array.from({ length: samples }, (_, k) => ({
    ...messageAt(spec, spec.messages + 1000 + k),
    sessionId: sessionId(spec, 1),
  }));
  repos.messages.insertMany(fresh);
  const rowids = fresh.map((m) => Number(sql.value('SELECT rowid FROM messages WHERE id = ?', [m.id])));
  const minisearch = await timeSamples(samples, (k) => builtIndex().add({ id: fresh[k].id, content: fresh[k].content }), options);
  const fts5 = await timeSamples(samples, (k) => addToFts5(sql, rowids[k], fresh[k].content), options);
  return { minisearch, fts5 };
}

/** toJSON into an OPFS file, then the load a restart would do: read the file, loadJSON. */
export async function persistAndLoad(): Promise<{
  saveMs: number;
  loadMs: number;
  readMs: number;
  bytes: number;
  sameResults: boolean;
}> {
  let start = performance.now();
  const json = JSON.stringify(builtIndex());
  await writeOpfsFile('minisearch.json', json);
  const saveMs = performance.now() - start;
  const expected = searchIndex(builtIndex(), QUERIES[1].text).ids;
  index = undefined; // a restart has only the file
  start = performance.now();
  const text = await readOpfsFile('minisearch.json');
  const readMs = performance.now() - start;
  index = loadIndex(text);
  const loadMs = performance.now() - start;
  const sameResults = JSON.stringify(searchIndex(index, QUERIES[1].text).ids) === JSON.stringify(expected);
  return { saveMs, loadMs, readMs, bytes: new TextEncoder().encode(json).byteLength, sameResults };
}

export function dropMinisearch(): void {
  index = undefined;
}
