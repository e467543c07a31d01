import { chromium, type BrowserContext } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumLaunchOptions } from '../../e2e/support/chromium';

export interface BenchBrowser {
  context: BrowserContext;
  version: string;
  close(): Promise<void>;
}

/**
 * Chromium as the e2e tests launch it, but with a persistent profile in a temporary directory:
 * an incognito context (browser.newContext) keeps OPFS in memory behind ~1-2 ms of IPC per
 * access-handle call, 10x slower than the on-disk OPFS a real user has.
 */
export async function launchBrowser(): Promise<BenchBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'libragent-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, { ...chromiumLaunchOptions, headless: true });
  return {
    context,
    version: context.browser()?.version() ?? 'unknown',
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
