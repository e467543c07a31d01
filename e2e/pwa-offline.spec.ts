import { expect, test, type Page } from '@playwright/test';
import * as XLSX from '@e965/xlsx';
import { AppPage } from './support/app';
import { watchCsp } from './support/data';
import { makePdf } from '../test-support/make-pdf';
import { SW_VARIANT_COOKIE } from '../build/e2e-sw-variant';

/** Waits until the service worker is active and this page is under its control. */
async function controlledByServiceWorker(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready);
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) {
    await page.reload();
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  }
}

function spreadsheet(): Buffer {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(
    book,
    XLSX.utils.aoa_to_sheet([
      ['City', 'Visitors'],
      ['Lisbon', 120],
      ['Porto', 80],
    ]),
    'Trips',
  );
  return XLSX.write(book, { bookType: 'xlsx', type: 'buffer' }) as Buffer;
}

test('the app is installable: a manifest with icons, and a service worker that precaches what it runs on', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  const manifest = await page.evaluate(async () => {
    const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]');
    return link ? ((await (await fetch(link.href)).json()) as Record<string, unknown>) : null;
  });
  expect(manifest).toMatchObject({ name: 'LibrAgent', short_name: 'LibrAgent', display: 'standalone', start_url: '/' });
  const icons = (manifest?.icons ?? []) as { sizes: string; purpose: string; src: string }[];
  expect(icons.map((icon) => `${icon.sizes} ${icon.purpose}`)).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
  for (const icon of icons) expect((await page.request.get(`/${icon.src}`)).headers()['content-type']).toBe('image/png');

  await page.evaluate(() => navigator.serviceWorker.ready);
  const cached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
    }
    return urls;
  });
  for (const pattern of [
    /^\/index\.html$/,
    /^\/assets\/index-.*\.js$/,
    /^\/assets\/worker-.*\.js$/,
    /^\/assets\/sqlite3-.*\.wasm$/,
    /^\/assets\/pdf\.worker\.min-.*\.js$/,
    /^\/assets\/parse-spreadsheet-.*\.js$/,
    // What the worker loads on demand (issue 17): precached, so it loads offline too.
    /^\/assets\/create-agent-.*\.js$/,
    /^\/assets\/provider-kinds-.*\.js$/,
    /^\/assets\/mcp-client-.*\.js$/,
    /^\/assets\/data-service-.*\.js$/,
    /^\/pdfjs\/cmaps\/UniKS-UCS2-H\.bcmap$/,
    /^\/icons\/icon-512\.png$/,
  ]) {
    expect(
      cached.some((url) => pattern.test(url)),
      `precached: ${pattern}`,
    ).toBe(true);
  }
  // Only the opfs-sahpool VFS is used: sqlite's other workers are not worth caching.
  expect(cached.some((url) => url.includes('sqlite3-worker1'))).toBe(false);
});

test('after one visit the app loads offline, and everything that needs no model works, without a CSP violation', async ({
  page,
  context,
}) => {
  const violations = await watchCsp(page);
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await app.newSession({ name: 'Before the flight' });
  await app.send('Remember: the flight leaves at nine');
  await controlledByServiceWorker(page);

  await context.setOffline(true);
  await page.reload();
  await app.waitUntilReady();
  await expect(app.userMessages().first()).toContainText('the flight leaves at nine');

  // A new session, a message and the offline assistant's answer.
  await app.newSession({ name: 'On the plane' });
  await app.send('Nothing to find here');
  // Uploads of a PDF (with Korean text: pdf.js's worker and CMaps) and of a spreadsheet.
  await page.getByRole('button', { name: /^Documents/ }).click();
  await page.getByLabel('Choose files to upload').setInputFiles([
    {
      name: 'boarding.pdf',
      mimeType: 'application/pdf',
      buffer: makePdf([{ lines: ['Gate B12 boarding at 8:15'] }, { lines: ['Korean page'], korean: '안녕하세요' }]),
    },
    { name: 'trips.xlsx', mimeType: 'application/octet-stream', buffer: spreadsheet() },
  ]);
  const documents = page.getByRole('list', { name: 'Session documents' }).getByRole('listitem');
  await expect(documents).toHaveCount(2, { timeout: 30_000 });
  // Search: the offline assistant finds the answer in the uploaded documents.
  await app.send('Which gate is boarding?');
  await expect(page.getByRole('article', { name: 'Assistant message' }).last()).toContainText('Gate B12', { timeout: 15_000 });
  await app.send('How many visitors did Porto have?');
  await expect(page.getByRole('article', { name: 'Assistant message' }).last()).toContainText('Porto', { timeout: 15_000 });

  // Still offline: a reload keeps everything.
  await page.reload();
  await app.waitUntilReady();
  await expect(app.sessionButtons()).toHaveCount(2);
  await context.setOffline(false);
  expect(await violations()).toEqual([]);
});

test('a fresh install works offline with the parts it never loaded online: the agent and the exports', async ({
  page,
  context,
}) => {
  const app = new AppPage(page);
  // Only the first screen online: no answer, no export, so neither chunk was fetched before.
  await app.goto();
  await app.waitUntilReady();
  await controlledByServiceWorker(page);
  const fetched = await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name));
  expect(fetched.some((url) => /create-agent-|data-service-/.test(url))).toBe(false);

  await context.setOffline(true);
  await page.reload();
  await app.waitUntilReady();
  await app.newSession({ name: 'Offline from the start' });
  await app.send('Is anybody there?');
  await expect(page.getByRole('article', { name: 'Assistant message' }).last()).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('article', { name: 'Assistant message' }).last()).not.toContainText('could not be loaded');
  await page.getByText('Export', { exact: true }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export as Markdown' }).click();
  expect((await download).suggestedFilename()).toBe('Offline from the start.md');
  await context.setOffline(false);
});

test.describe('content security policy', () => {
  // Playwright routes only requests the service worker leaves alone: keep it out of this test.
  test.use({ serviceWorkers: 'block' });

  test('the page runs under a strict Content-Security-Policy: no inline script, no eval', async ({ page, context }) => {
    // A same-origin script (allowed) that tries eval (forbidden). Code run by page.evaluate itself
    // is exempt from the policy, so the probe must be a real script of the page.
    await context.route('**/e2e-eval-probe.js', (route) =>
      route.fulfill({
        contentType: 'text/javascript',
        body: "try { new Function('return 1')(); window.evalProbe = 'ran'; } catch { window.evalProbe = 'blocked'; }",
      }),
    );
    const violations = await watchCsp(page);
    const app = new AppPage(page);
    await app.goto();
    await app.waitUntilReady();
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).toContain("connect-src 'self' https: http://localhost:*");
    await page.evaluate(() => {
      const inline = document.createElement('script');
      inline.textContent = 'window.inlineRan = true';
      document.body.append(inline);
      const probe = document.createElement('script');
      probe.src = '/e2e-eval-probe.js';
      document.body.append(probe);
    });
    await expect.poll(() => page.evaluate(() => (window as unknown as { evalProbe?: string }).evalProbe)).toBe('blocked');
    expect(await page.evaluate(() => (window as unknown as { inlineRan?: boolean }).inlineRan)).toBeUndefined();
    const seen = await violations();
    expect(seen.some((line) => line.startsWith('script-src-elem blocked inline'))).toBe(true);
    expect(seen.some((line) => line.startsWith('script-src blocked eval'))).toBe(true);
  });
});

test('a new build offers to reload, and never while an answer is being written', async ({ page, context }) => {
  const app = new AppPage(page);
  await app.goto('?e2e-slow-assistant');
  await app.waitUntilReady();
  await app.newSession();
  await controlledByServiceWorker(page);
  await app.waitUntilReady();
  await expect(page.getByRole('status', { name: 'Update available' })).toHaveCount(0);

  // The server now has a new build: its service worker differs (see build/e2e-sw-variant.ts).
  await context.addCookies([{ name: SW_VARIANT_COOKIE, value: 'two', url: page.url() }]);
  // An answer starts streaming before the update is found.
  await app.composer().fill('Tell me a long story');
  await app.composer().press('Enter');
  await expect(page.getByRole('button', { name: 'Stop' })).toBeVisible();
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());

  const prompt = page.getByRole('status', { name: 'Update available' });
  await expect(prompt).toContainText('A new version of LibrAgent is available.');
  await expect(prompt.getByRole('button', { name: 'Reload' })).toBeDisabled();
  await expect(prompt).toContainText('Reload when the answer being written has finished');
  await page.screenshot({ path: test.info().outputPath('update-prompt-waiting.png') });

  await expect(page.getByRole('button', { name: 'Stop' })).toHaveCount(0, { timeout: 30_000 });
  await expect(prompt.getByRole('button', { name: 'Reload' })).toBeEnabled();
  await page.screenshot({ path: test.info().outputPath('update-prompt.png') });
  const reloaded = page.waitForEvent('load');
  await prompt.getByRole('button', { name: 'Reload' }).click();
  await reloaded;
  await app.waitUntilReady();
  await expect(page.getByRole('status', { name: 'Update available' })).toHaveCount(0);
  await expect(app.userMessages()).toHaveCount(1);
});

test('a new build waits to reload while an upload runs, and reloads with the upload kept', async ({ page, context }) => {
  test.setTimeout(120_000);
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await app.newSession({ name: 'Uploading' });
  await controlledByServiceWorker(page);
  await app.waitUntilReady();

  await context.addCookies([{ name: SW_VARIANT_COOKIE, value: 'two', url: page.url() }]);
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
  const prompt = page.getByRole('status', { name: 'Update available' });
  const reload = prompt.getByRole('button', { name: 'Reload' });
  await expect(reload).toBeEnabled();

  // Hundreds of pages, parsed one at a time with their progress: the upload runs for seconds.
  const pages = Array.from({ length: 600 }, (_, n) => ({ lines: [`Page ${n + 1} of the long manual`, 'More text here'] }));
  await page.getByRole('button', { name: /^Documents/ }).click();
  await page
    .getByLabel('Choose files to upload')
    .setInputFiles([{ name: 'manual.pdf', mimeType: 'application/pdf', buffer: makePdf(pages) }]);
  const row = page.getByRole('list', { name: 'Uploads' }).getByRole('listitem').filter({ hasText: 'manual.pdf' });
  await expect(row).toContainText(/Parsing page \d+ of 600/, { timeout: 30_000 });
  await expect(reload).toBeDisabled();
  await expect(prompt).toContainText('Reload when the upload has finished: nothing is lost by waiting.');

  await expect(row).toContainText('Saved', { timeout: 90_000 });
  await expect(reload).toBeEnabled();
  const reloaded = page.waitForEvent('load');
  await reload.click();
  await reloaded;
  await app.waitUntilReady();
  await expect(page.getByRole('status', { name: 'Update available' })).toHaveCount(0);
  await page.getByRole('button', { name: /^Documents/ }).click();
  await expect(page.getByRole('list', { name: 'Session documents' }).getByRole('listitem')).toContainText('manual.pdf');
});
