import type { BenchSizes } from '../../shared/options';
import type { RawResults } from '../raw-results';
import type { Row } from '../report-model';
import { fmt, get, kB, row, single, why } from './helpers';

/** Documents (parse and store) and bundle sizes. */
export function documentRows(raw: RawResults, sizes: BenchSizes): Row[] {
  const d = get(raw.browser)?.documents;
  const fail = why(raw.browser);
  const group = 'Documents';
  const rows: Row[] = [];
  for (const [key, title] of [
    ['pdf', `${fmt(sizes.pdfPages)}-page PDF`],
    ['sheet', `${fmt(sizes.sheetRows)}-row sheet (xlsx)`],
  ] as const) {
    const doc = d?.[key];
    const note = doc ? `${fmt(doc.bytes / kB)} kB file, ${fmt(doc.lines)} lines, ${fmt(doc.chunks)} chunks` : undefined;
    rows.push(
      row(
        { id: `${key}_parse`, group, label: `parse a ${title}`, unit: 'ms', better: 'lower' },
        single(doc?.parseMs),
        {},
        fail,
        note,
      ),
      row(
        { id: `${key}_store`, group, label: `store it (content + chunks, one transaction)`, unit: 'ms', better: 'lower' },
        single(doc?.storeMs),
        {},
        fail,
      ),
    );
  }
  return rows;
}

export function bundleRows(raw: RawResults): Row[] {
  const b = get(raw.bundle);
  const fail = why(raw.bundle);
  const group = 'Bundle (production build)';
  const gz = (bytes: number | undefined) => single(bytes === undefined ? undefined : bytes / kB);
  const files = (list: string[] | undefined) => (list && list.length > 0 ? list.join(', ') : undefined);
  return [
    row(
      { id: 'bundle_main', group, label: 'main-thread JS at startup, gzip', unit: 'kB', better: 'lower' },
      gz(b?.mainStatic.gzipBytes),
      {},
      fail,
      files(b?.mainStatic.files),
    ),
    row(
      { id: 'bundle_main_lazy', group, label: 'main-thread JS loaded later, gzip', unit: 'kB', better: 'lower' },
      gz(b?.mainLazy.gzipBytes),
      {},
      fail,
      files(b?.mainLazy.files),
    ),
    row(
      { id: 'bundle_worker', group, label: 'database worker JS at startup, gzip', unit: 'kB', better: 'lower' },
      gz(b?.workerStatic.gzipBytes),
      {},
      fail,
      b ? `${fmt(b.workerStatic.bytes / kB)} kB raw: ${files(b.workerStatic.files)}` : undefined,
    ),
    row(
      {
        id: 'bundle_worker_lazy',
        group,
        label: 'worker JS loaded on demand (agent, MCP, providers, backup and export, parsers, pdf.js worker), gzip',
        unit: 'kB',
        better: 'lower',
      },
      gz(b?.workerLazy.gzipBytes),
      {},
      fail,
      b
        ? `${fmt(b.workerLazy.bytes / kB)} kB raw: ${files(b.workerLazy.files)}. Emitted but never loaded: ${files(b.neverLoaded.files) ?? 'none'} (${fmt(b.neverLoaded.bytes / kB)} kB)`
        : undefined,
    ),
    row(
      { id: 'bundle_wasm', group, label: 'sqlite3.wasm, gzip', unit: 'kB', better: 'lower' },
      gz(b?.wasm.gzipBytes),
      {},
      fail,
      b ? `${fmt(b.wasm.bytes / kB)} kB raw` : undefined,
    ),
  ];
}
