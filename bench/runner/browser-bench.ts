import type { BrowserContext, Page } from '@playwright/test';
import type { BenchWindow } from '../page/bench-page';
import type { BenchSizes } from '../shared/options';
import type { BenchApi } from '../worker/bench-api';
import { WorkerHeap } from './worker-heap';

type Steps = BenchApi;
type StepResult<K extends keyof Steps> = Awaited<ReturnType<Steps[K]>>;

/** Calls one step of the bench worker through the page; Comlink carries it to the worker. */
function step<K extends keyof Steps>(page: Page, name: K, ...args: Parameters<Steps[K]>): Promise<StepResult<K>> {
  return page.evaluate(
    ([name, args]) => {
      const api = (window as unknown as BenchWindow).bench.api as unknown as Record<
        string,
        (...a: unknown[]) => Promise<unknown>
      >;
      return api[name](...args);
    },
    [name, args] as [string, unknown[]],
  ) as Promise<StepResult<K>>;
}

export type BrowserResults = Awaited<ReturnType<typeof runBrowserBench>>;

/** Every in-browser scenario on the bench page, in an order where each leaves what the next needs. */
export async function runBrowserBench(context: BrowserContext, url: string, sizes: BenchSizes, log: (line: string) => void) {
  const page = await context.newPage();
  page.on('console', (message) => message.type() === 'error' && log(`  page console: ${message.text()}`));
  await page.goto(url);
  await page.waitForFunction(() => 'bench' in window);
  const heap = await WorkerHeap.attach(page, 'bench-worker');
  try {
    const environment = await step(page, 'setup', sizes);
    log('  inserting the corpus (sqlite-wasm, then IndexedDB)');
    const sqliteInsert = await step(page, 'insertCorpus', 'sqlite');
    const idbInsert = await step(page, 'insertCorpus', 'idb');
    log('  paging, upserts, Comlink round trips');
    const sqlitePages = await step(page, 'readPages', 'sqlite');
    const idbPages = await step(page, 'readPages', 'idb');
    const comlinkPages = await page.evaluate((sizes) => (window as unknown as BenchWindow).bench.comlinkReads(sizes), sizes);
    const sqliteUpsert = await step(page, 'streamUpserts', 'sqlite');
    const idbUpsert = await step(page, 'streamUpserts', 'idb');

    log("  search: the app's SearchService (build, queries, restart, reads while loading, catch-up) and FTS5");
    let heapBefore = await heap.usedBytes();
    const build = await step(page, 'buildSearch');
    const indexHeapBytes = (await heap.usedBytes()) - heapBefore;
    const fts5Build = await step(page, 'buildFts5');
    const queries = await step(page, 'runQueries');
    await step(page, 'rememberResults');
    // The built service is let go: the heap again holds no index.
    heapBefore = await heap.usedBytes();
    const restart = await step(page, 'restartSearch');
    const loadedHeapBytes = (await heap.usedBytes()) - heapBefore;
    const whileLoading = await step(page, 'keysetWhileLoading');
    const catchUp = await step(page, 'catchUp');
    await step(page, 'dropSearch');
    log('  search: the design not chosen, one minisearch index of every message');
    heapBefore = await heap.usedBytes();
    const minisearchBuild = await step(page, 'buildMinisearchDesign');
    const minisearchHeapBytes = (await heap.usedBytes()) - heapBefore;
    const minisearchQueries = await step(page, 'queryMinisearchDesign');
    await step(page, 'dropMinisearchDesign');
    const minisearch = { ...minisearchBuild, heapBytes: minisearchHeapBytes, queries: minisearchQueries };

    log('  documents: PDF and spreadsheet');
    const documents = await step(page, 'documents');
    const databaseBytes = await step(page, 'databaseBytes');
    log('  deleting the big session');
    const sqliteDeleteMs = await step(page, 'deleteBigSession', 'sqlite');
    const idbDeleteMs = await step(page, 'deleteBigSession', 'idb');
    await step(page, 'close');
    return {
      environment,
      sqlite: { insert: sqliteInsert, pages: sqlitePages, upsert: sqliteUpsert, deleteMs: sqliteDeleteMs },
      idb: { insert: idbInsert, pages: idbPages, upsert: idbUpsert, deleteMs: idbDeleteMs },
      comlinkPages,
      search: { build, indexHeapBytes, fts5Build, queries, restart, loadedHeapBytes, whileLoading, catchUp, minisearch },
      documents,
      databaseBytes,
    };
  } finally {
    await heap.detach();
    await page.close();
  }
}
