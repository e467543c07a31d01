import type { BenchSizes } from '../../shared/options';
import { median, summarize } from '../../shared/stats';
import type { RawResults } from '../raw-results';
import type { Row } from '../report-model';
import { fmt, get, row, single, why } from './helpers';

/** Cold start of the database worker, and the real app opening a long session. */
export function startupRows(raw: RawResults, sizes: BenchSizes): Row[] {
  const group = 'Startup';
  const cold = get(raw.cold);
  const app = get(raw.appOpen);
  const phase = (key: keyof NonNullable<typeof cold>[number]) => (cold ? median(cold.map((c) => c[key])) : NaN);
  const coldNote = cold
    ? `median of ${cold.length} loads; ms since new Worker(): script ${fmt(phase('scriptLoaded'))}, wasm ${fmt(phase('wasmReady'))}, ` +
      `VFS ${fmt(phase('vfsInstalled'))}, open ${fmt(phase('opened'))}, quick_check + migrations ${fmt(phase('prepared'))}, first query ${fmt(phase('firstQuery'))}`
    : undefined;
  const coldSummary = cold ? summarize(cold.map((c) => c.total)) : undefined;
  return [
    row(
      {
        id: 'cold_start',
        group,
        label: 'cold start: new Worker() to first query answered (wasm cached)',
        unit: 'ms',
        better: 'lower',
      },
      coldSummary ? { value: coldSummary.p50, p99: coldSummary.max } : undefined,
      {},
      why(raw.cold),
      coldNote,
    ),
    row(
      {
        id: 'app_open_session',
        group,
        label: `real app: click a ${fmt(sizes.openSession)}-message session to its newest message painted`,
        unit: 'ms',
        better: 'lower',
      },
      app ? { value: app.switchMedianMs, p99: Math.max(...app.switchMs) } : undefined,
      {},
      why(raw.appOpen),
      app ? `median of ${app.switchMs.length} (second value: slowest)` : undefined,
    ),
    row(
      {
        id: 'app_load_session',
        group,
        label: `real app: page load into that session to its newest message painted`,
        unit: 'ms',
        better: 'lower',
      },
      app ? { value: app.loadMedianMs, p99: Math.max(...app.loadMs) } : undefined,
      {},
      why(raw.appOpen),
      app
        ? `median of ${app.loadMs.length}, from navigation start (second value: slowest); the app's worker reported the database ready after ${fmt(median(app.workerStartupMs))} ms (DatabaseInfo.startupMs, median)`
        : undefined,
    ),
    row(
      {
        id: 'app_insert_many',
        group: 'Repositories',
        label: `insert_many through the app's worker API (Comlink), ${fmt(sizes.batch)} per call`,
        unit: 'rows/s',
        better: 'higher',
      },
      single(app?.seedRowsPerSecond),
      {},
      why(raw.appOpen),
      'main thread to worker, structured clone included',
    ),
  ];
}
