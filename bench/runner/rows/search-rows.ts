import type { BenchSizes } from '../../shared/options';
import { QUERIES } from '../../shared/queries';
import type { ScopeResult } from '../../shared/results';
import type { RawResults } from '../raw-results';
import type { Row } from '../report-model';
import { fmt, get, latency, MB, row, single, why } from './helpers';

/** The app's SearchService against FTS5 and the design not chosen: queries, build, restart, loading, catch-up, heap. */
export function searchRows(raw: RawResults, sizes: BenchSizes): Row[] {
  const s = get(raw.browser)?.search;
  const fail = why(raw.browser);
  const group = `Search: the app's SearchService (${fmt(sizes.messages)} messages, ${fmt(sizes.sessions)} sessions)`;
  const minisearch = s?.minisearch;
  const queryRow = (scope: 'global' | 'session') =>
    QUERIES.map((query, i) => {
      const result = s?.queries.queries[i];
      const r: ScopeResult | undefined = result?.[scope];
      const where = scope === 'global' ? 'all sessions' : 'one session';
      const design = scope === 'global' ? minisearch?.queries.find((q) => q.id === query.id) : undefined;
      const note = (r: ScopeResult) =>
        `matches: app ${fmt(r.app.hits)} (showed ${fmt(r.app.returned)}, ${r.app.order === 'newest' ? 'newest first' : 'by BM25'}), FTS5 ${fmt(r.fts5.hits)}` +
        (query.fts5Comparable ? '' : ` (FTS5 has no typo tolerance; it answered in ${fmt(r.fts5.p50)} ms)`) +
        (design ? `; one minisearch index: ${fmt(design.hits)} matches` : '');
      return row(
        {
          id: scope === 'global' ? `search_${query.id}` : `search_session_${query.id}`,
          short: `${query.label}, ${where}`,
          group,
          label: `search ${where}: ${query.label}`,
          unit: 'ms',
          better: 'lower',
        },
        latency(r?.app),
        {
          // FTS5 cannot answer a typo (no fuzzy matching): its quick "0 hits" is no speed to compare with.
          ...(query.fts5Comparable ? { fts5: latency(r?.fts5) } : {}),
          ...(design ? { minisearch: latency(design.global) } : {}),
        },
        fail,
        r ? note(r) : undefined,
      );
    });
  const build = s?.build;
  const restart = s?.restart;
  const catchUp = s?.catchUp;
  const loading = s?.whileLoading;
  const designNote =
    minisearch && !minisearch.ran ? 'one minisearch index: not run at this size (its heap would not fit a tab)' : undefined;
  return [
    ...queryRow('global'),
    ...queryRow('session'),
    row(
      {
        id: 'index_build',
        short: 'index build',
        group,
        label: 'full index build: warmUp() with every message queued',
        unit: 'ms',
        better: 'lower',
      },
      single(build?.buildMs),
      { fts5: single(s?.fts5Build.buildMs), ...(minisearch?.ran ? { minisearch: single(minisearch.buildMs) } : {}) },
      fail,
      build && s
        ? `${fmt(build.queued)} queued rows, ${fmt(build.rows)} index rows, ${fmt(build.terms)} words in the vocabulary; ` +
            `FTS5 words ${fmt(s.fts5Build.wordsMs)} + trigram ${fmt(s.fts5Build.trigramMs)} ms (${fmt(s.fts5Build.cjkDocs)} CJK docs)`
        : undefined,
    ),
    row(
      {
        id: 'index_catchup',
        short: 'catch-up of one new message',
        group,
        label: 'catch-up: query latency added by one new message',
        unit: 'ms',
        better: 'lower',
      },
      latency(catchUp?.added),
      { fts5: latency(catchUp?.fts5) },
      fail,
      catchUp
        ? `p50 of paired differences: the next session query after repos.messages.insert ${fmt(catchUp.after.p50)} ms, the same query once it is indexed for good ${fmt(catchUp.unchanged.p50)} ms` +
            `${catchUp.indexed ? '' : ' (the new message was NOT taken in)'}; the background drain that indexes it ${fmt(catchUp.background?.p50)} ms; FTS5: indexing one message, durable, its own transaction`
        : undefined,
    ),
    row(
      {
        id: 'index_pass',
        short: 'indexing pass',
        group,
        label: 'indexing pass after the build: runIndexingPass() (FTS5 merge, vocabulary recount)',
        unit: 'ms',
        better: 'lower',
      },
      single(build?.passMs),
      {},
      fail,
    ),
    row(
      {
        id: 'index_bytes',
        short: 'index on disk',
        group,
        label: 'index on disk (growth of the database file during the build)',
        unit: 'MB',
        better: 'lower',
      },
      single(build ? build.diskBytes / MB : undefined),
      { fts5: single(s ? s.fts5Build.diskBytes / MB : undefined) },
      fail,
      'FTS5 reference: the growth of the database file (external-content words table + trigram table)',
    ),
    row(
      {
        id: 'index_load',
        short: 'index ready at restart',
        group,
        label: 'restart: a new SearchService warmUp() (loads the vocabulary)',
        unit: 'ms',
        better: 'lower',
      },
      single(restart?.loadMs),
      {},
      fail,
      restart && s
        ? `${restart.differing.length === 0 ? 'same results' : `DIFFERENT results for ${restart.differing.join(', ')}`} as before the restart (${fmt(restart.compared)} query/scope pairs compared); ` +
            `the restarted service holds ${fmt(s.loadedHeapBytes / MB)} MB of heap`
        : undefined,
    ),
    row(
      {
        id: 'keyset_while_loading',
        short: 'keyset page while the index loads',
        group,
        label: 'keyset page of 50 while a restarted service loads (asked to answered)',
        unit: 'ms',
        better: 'lower',
      },
      latency(loading?.load),
      {},
      fail,
      loading
        ? `during a full rebuild (steps of up to 40 ms): p50 ${fmt(loading.rebuild.p50)} ms, p99 ${fmt(loading.rebuild.p99)} ms, ${fmt(loading.rebuild.n)} reads`
        : undefined,
    ),
    row(
      {
        id: 'index_heap',
        group,
        label: 'index heap after the build (worker JS heap after GC, via DevTools)',
        unit: 'MB',
        better: 'lower',
      },
      single(s ? s.indexHeapBytes / MB : undefined),
      minisearch?.ran ? { minisearch: single(minisearch.heapBytes / MB) } : {},
      fail,
      designNote ?? (s ? 'the postings are on disk (FTS5); the heap holds the vocabulary' : undefined),
    ),
  ];
}
