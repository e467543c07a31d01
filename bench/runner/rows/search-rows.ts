import type { BenchSizes } from '../../shared/options';
import { QUERIES } from '../../shared/queries';
import type { ScopeResult } from '../../shared/results';
import type { RawResults } from '../raw-results';
import type { Row } from '../report-model';
import { fmt, get, latency, MB, row, single, why } from './helpers';

/** The app's SearchService against FTS5: queries in both scopes, build, persist, restart, catch-up, heap. */
export function searchRows(raw: RawResults, sizes: BenchSizes): Row[] {
  const s = get(raw.browser)?.search;
  const fail = why(raw.browser);
  const group = `Search: the app's SearchService (${fmt(sizes.messages)} messages, ${fmt(sizes.sessions)} sessions)`;
  const queryRow = (scope: 'global' | 'session') =>
    QUERIES.map((query, i) => {
      const result = s?.queries.queries[i];
      const r: ScopeResult | undefined = result?.[scope];
      const where = scope === 'global' ? 'all sessions' : 'one session';
      const note = (r: ScopeResult) =>
        `hits: app ${fmt(r.app.hits)} (showed ${fmt(r.app.returned)}), FTS5 ${fmt(r.fts5.hits)}` +
        (query.fts5Comparable ? '' : ` (FTS5 has no typo tolerance; it answered in ${fmt(r.fts5.p50)} ms)`) +
        (scope === 'global' && result
          ? `; the ${fmt(s?.queries.sessions ?? 0)} session indexes' own searches take ${fmt(result.indexOnly.p50)} ms of it, ` +
            `and one SearchSource.sessionCounters() read (made once per session per query) ${fmt(s?.queries.sessionCountersMs ?? NaN)} ms`
          : '');
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
        // FTS5 cannot answer a typo (no fuzzy matching): its quick "0 hits" is no speed to compare with.
        query.fts5Comparable ? { fts5: latency(r?.fts5) } : {},
        fail,
        r ? note(r) : undefined,
      );
    });
  const rows = [...queryRow('global'), ...queryRow('session')];
  const build = s?.build;
  const restart = s?.restart;
  const catchUp = s?.catchUp;
  rows.push(
    row(
      {
        id: 'index_build',
        short: 'index build',
        group,
        label: 'full index build: warmUp() with no index files',
        unit: 'ms',
        better: 'lower',
      },
      single(build?.buildMs),
      { fts5: single(s?.fts5Build.buildMs) },
      fail,
      build && s
        ? `${fmt(build.messages)} messages in ${fmt(build.sessions)} session indexes (${fmt(build.documents)} documents in all); ` +
            `yielding with setTimeout(0) between ${fmt(build.sessions)} sessions alone costs ${fmt(build.yieldMs)} ms here. ` +
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
        ? `p50 of paired differences: the next session query after repos.messages.insert ${fmt(catchUp.after.p50)} ms, the same query with nothing new ${fmt(catchUp.unchanged.p50)} ms` +
            `${catchUp.indexed ? '' : ' (the new message was NOT found in the index)'}; FTS5: indexing one message, durable, its own transaction`
        : undefined,
    ),
    row(
      {
        id: 'index_persist',
        short: 'indexing pass',
        group,
        label: 'indexing pass: runIndexingPass() writes every index to OPFS',
        unit: 'ms',
        better: 'lower',
      },
      single(s?.persisted.persistMs),
      {},
      fail,
      s ? `${fmt(s.persisted.saved)} sessions saved, ${fmt(s.persisted.files)} search-index.json files` : undefined,
    ),
    row(
      {
        id: 'index_bytes',
        short: 'index on disk',
        group,
        label: 'persisted indexes on disk (all search-index.json)',
        unit: 'MB',
        better: 'lower',
      },
      single(s ? s.persisted.bytes / MB : undefined),
      { fts5: single(s ? s.fts5Build.diskBytes / MB : undefined) },
      fail,
      'FTS5: the growth of the database file',
    ),
    row(
      {
        id: 'index_load',
        short: 'index load at restart',
        group,
        label: 'restart: a new SearchService warmUp() loads the files',
        unit: 'ms',
        better: 'lower',
      },
      single(restart?.loadMs),
      {},
      fail,
      restart && s
        ? `${restart.differing.length === 0 ? 'same results' : `DIFFERENT results for ${restart.differing.join(', ')}`} as before the restart (${fmt(restart.compared)} query/scope pairs compared); ` +
            `${fmt(restart.rebuilt)} index(es) rebuilt instead of loaded; loaded indexes hold ${fmt(s.loadedHeapBytes / MB)} MB of heap; FTS5 needs no load (on disk)`
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
      {},
      fail,
      s ? `FTS5 adds ${fmt(s.fts5Build.diskBytes / MB)} MB on disk and no JS heap` : undefined,
    ),
  );
  return rows;
}
