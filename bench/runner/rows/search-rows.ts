import type { BenchSizes } from '../../shared/options';
import { QUERIES } from '../../shared/queries';
import type { RawResults } from '../raw-results';
import type { Row } from '../report-model';
import { fmt, get, latency, MB, row, single, why } from './helpers';

/** minisearch against FTS5: queries, build, incremental update, persisted load, heap. */
export function searchRows(raw: RawResults, sizes: BenchSizes): Row[] {
  const s = get(raw.browser)?.search;
  const fail = why(raw.browser);
  const group = `Search (${fmt(sizes.messages)} messages)`;
  const rows = QUERIES.map((query, i) => {
    const result = s?.queries[i];
    return row(
      { id: `search_${query.id}`, short: query.label, group, label: `search: ${query.label}`, unit: 'ms', better: 'lower' },
      latency(result?.minisearch),
      // FTS5 cannot answer a typo (no fuzzy matching): its quick "0 hits" is no speed to compare with.
      query.fts5Comparable ? { fts5: latency(result?.fts5) } : {},
      fail,
      result
        ? `hits: minisearch ${fmt(result.minisearch.hits)}, FTS5 ${fmt(result.fts5.hits)}` +
            (query.fts5Comparable ? '' : ` (FTS5 has no typo tolerance; it answered in ${fmt(result.fts5.p50)} ms)`)
        : undefined,
    );
  });
  const build = s?.minisearchBuild;
  rows.push(
    row(
      { id: 'index_build', short: 'index build', group, label: 'index build', unit: 'ms', better: 'lower' },
      single(build?.buildMs),
      { fts5: single(s?.fts5Build.buildMs) },
      fail,
      build && s
        ? `minisearch over ${fmt(build.docs)} docs (reading them took ${fmt(build.readMs)} ms more); FTS5 words ${fmt(s.fts5Build.wordsMs)} + trigram ${fmt(s.fts5Build.trigramMs)} ms (${fmt(s.fts5Build.cjkDocs)} CJK docs). ` +
            `Tokenizing ${fmt(build.tokenizer.docs)} docs: ${fmt(build.tokenizer.regexMs)} ms as indexed (regex, Intl.Segmenter for CJK runs), ${fmt(build.tokenizer.segmenterMs)} ms with Intl.Segmenter for everything`
        : undefined,
    ),
    row(
      {
        id: 'index_incremental',
        short: 'index one new message',
        group,
        label: 'incremental update: index one new message',
        unit: 'ms',
        better: 'lower',
      },
      latency(s?.incremental.minisearch),
      { fts5: latency(s?.incremental.fts5) },
      fail,
      'minisearch: in memory only; FTS5: durable, its own transaction',
    ),
    row(
      { id: 'index_load', group, label: 'persisted index load (read OPFS file + loadJSON)', unit: 'ms', better: 'lower' },
      single(s?.persisted.loadMs),
      {},
      fail,
      s
        ? `JSON ${fmt(s.persisted.bytes / MB)} MB, saving it took ${fmt(s.persisted.saveMs)} ms; FTS5 needs no load (on disk)`
        : undefined,
    ),
    row(
      { id: 'index_heap', group, label: 'index heap (worker JS heap after GC, via DevTools)', unit: 'MB', better: 'lower' },
      single(s ? s.indexHeapBytes / MB : undefined),
      {},
      fail,
      s ? `FTS5 adds ${fmt(s.fts5Build.diskBytes / MB)} MB on disk and no JS heap` : undefined,
    ),
  );
  return rows;
}
