import { wrap } from 'comlink';
import { corpusSpec, type BenchSizes } from '../shared/options';
import { pageReads } from '../shared/plan';
import type { PageResults } from '../shared/results';
import { timeSamples } from '../shared/stats';
import type { BenchApi } from '../worker/bench-api';
import type { BenchWindow, ColdStart } from './bench-page';

/**
 * The bench page. `?mode=cold` measures one cold start and nothing else: the worker is created
 * first thing, as the app's main.ts does. Otherwise it starts the bench worker for the runner.
 */
const target = window as unknown as BenchWindow;

if (new URLSearchParams(location.search).get('mode') === 'cold') startCold();
else startBench();

function startBench(): void {
  const api = wrap<BenchApi>(
    new Worker(new URL('../worker/bench-worker.ts', import.meta.url), { type: 'module', name: 'bench-worker' }),
  );
  target.bench = {
    api,
    async comlinkReads(sizes: BenchSizes): Promise<PageResults[]> {
      const results: PageResults[] = [];
      for (const read of pageReads(corpusSpec(sizes), sizes.pageSize)) {
        const { direction, anchorId } = read.keyset;
        const budget = { budgetMs: sizes.budgetMs };
        const keyset = await timeSamples(sizes.samples, () => api.keyset(direction, anchorId, sizes.pageSize), budget);
        const offset = await timeSamples(sizes.samples, () => api.getPage(read.page, sizes.pageSize), budget);
        results.push({ depth: read.depth, offset, keyset });
      }
      return results;
    },
  };
}

function startCold(): void {
  const created = performance.timeOrigin + performance.now();
  const worker = new Worker(new URL('../worker/cold-worker.ts', import.meta.url), { type: 'module', name: 'cold-worker' });
  target.coldStart = new Promise<ColdStart>((resolve, reject) => {
    worker.onerror = (event) => reject(new Error(`The cold-start worker failed: ${event.message}`));
    worker.onmessage = ({ data }: MessageEvent<Record<string, number>>) => {
      const since = (mark: number) => mark - created;
      resolve({
        total: performance.timeOrigin + performance.now() - created,
        scriptLoaded: since(data.started),
        wasmReady: since(data.init),
        vfsInstalled: since(data.vfs),
        opened: since(data.open),
        prepared: since(data.prepared),
        firstQuery: since(data.firstQuery),
      });
    };
  });
  target.closeCold = async () => {
    await target.coldStart;
    const closed = new Promise<void>((resolve) => (worker.onmessage = () => resolve()));
    worker.postMessage('close');
    await closed;
  };
}
