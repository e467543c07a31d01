import type { BenchSizes } from '../../shared/options';
import type { RawResults } from '../raw-results';
import type { Row } from '../report-model';
import { fmt, get, latency, row, single, why } from './helpers';

/** insert_many, upsert, pages at three depths (in the worker and through Comlink), deletion. */
export function storeRows(raw: RawResults, sizes: BenchSizes): Row[] {
  const b = get(raw.browser);
  const n = get(raw.native);
  const fail = why(raw.browser);
  const group = 'Repositories';
  const rows: Row[] = [
    row(
      {
        id: 'insert_many',
        short: 'insert_many',
        group,
        label: `insert_many: ${fmt(sizes.messages)} messages, ${fmt(sizes.batch)} per call`,
        unit: 'rows/s',
        better: 'higher',
      },
      single(b?.sqlite.insert.rowsPerSecond),
      { native: single(n?.insert.rowsPerSecond), idb: single(b?.idb.insert.rowsPerSecond) },
      fail,
    ),
    row(
      {
        id: 'upsert',
        short: 'upsert (streaming)',
        group,
        label: 'single upsert (the streaming update), durable',
        unit: 'ms',
        better: 'lower',
      },
      latency(b?.sqlite.upsert),
      { native: latency(n?.upsert), idb: latency(b?.idb.upsert) },
      fail,
    ),
  ];
  const depths = b?.sqlite.pages.map((p) => p.depth) ?? ['start', 'middle', 'end'];
  for (const [kind, title] of [
    ['keyset', 'keyset page'],
    ['offset', 'get_page (OFFSET)'],
  ] as const) {
    depths.forEach((depth, i) => {
      rows.push(
        row(
          {
            id: `${kind}_${depth}`,
            short: `${kind === 'keyset' ? 'keyset page' : 'OFFSET page'}, ${depth}`,
            group,
            label: `${title} of ${sizes.pageSize}, ${depth} of a ${fmt(sizes.bigSession)}-message session`,
            unit: 'ms',
            better: 'lower',
          },
          latency(b?.sqlite.pages[i]?.[kind]),
          { native: latency(n?.pages[i]?.[kind]), idb: latency(b?.idb.pages[i]?.[kind]) },
          fail,
        ),
      );
    });
  }
  depths.forEach((depth, i) => {
    for (const kind of ['keyset', 'offset'] as const) {
      const inWorker = b?.sqlite.pages[i]?.[kind].p50;
      rows.push(
        row(
          {
            id: `comlink_${kind}_${depth}`,
            group: 'Through Comlink (main thread)',
            label: `${kind === 'keyset' ? 'keyset page' : 'get_page'}, ${depth}`,
            unit: 'ms',
            better: 'lower',
          },
          latency(b?.comlinkPages[i]?.[kind]),
          {},
          fail,
          inWorker === undefined ? undefined : `${fmt(inWorker)} ms of it inside the worker (p50)`,
        ),
      );
    }
  });
  rows.push(
    row(
      {
        id: 'delete_session',
        short: 'delete session',
        group,
        label: `delete a ${fmt(sizes.bigSession)}-message session`,
        unit: 'ms',
        better: 'lower',
      },
      single(b?.sqlite.deleteMs),
      { native: single(n?.deleteMs), idb: single(b?.idb.deleteMs) },
      fail,
    ),
  );
  return rows;
}
