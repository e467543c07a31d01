import type { BrowserContext } from '@playwright/test';
import type { ColdPage, ColdStart } from '../page/bench-page';

/**
 * Cold starts of the bench database on fresh page loads. The first loads only warm the HTTP
 * cache and V8's wasm code cache ("wasm cached"); the rest are measured. Each page closes the
 * database before the next load, so no start waits for the previous page's file handles.
 */
const WARMUP_LOADS = 2;

export async function measureColdStarts(context: BrowserContext, url: string, count: number): Promise<ColdStart[]> {
  const page = await context.newPage();
  const starts: ColdStart[] = [];
  try {
    for (let load = 0; load < WARMUP_LOADS + count; load++) {
      await page.goto(`${url}/?mode=cold`);
      const start = await page.evaluate(() => (window as unknown as ColdPage).coldStart);
      await page.evaluate(() => (window as unknown as ColdPage).closeCold());
      if (load >= WARMUP_LOADS) starts.push(start);
    }
    return starts;
  } finally {
    await page.close();
  }
}
