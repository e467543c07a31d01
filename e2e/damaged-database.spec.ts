import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { AppPage, type TestWindow } from './support/app';

/**
 * A damaged database (issue 10, point 3): pages in the middle of the file are overwritten before
 * it is opened. The integrity check at open catches it; the user is told, offered an export of
 * what can still be read (never the API keys) and a fresh start; nothing is wiped until they
 * choose, and the damaged file is kept as a backup.
 */

const MESSAGES = 3000;
const SECRET = 'sk-do-not-export-4242';

async function fill(page: Page): Promise<void> {
  await page.evaluate(
    async ({ count, secret }) => {
      const api = (window as unknown as TestWindow).libragent;
      const session = await api.sessions.create({ name: 'Keep me' });
      const at = Date.now();
      const messages = Array.from({ length: count }, (_, i) => ({
        id: `keep-${i}`,
        sessionId: session.id,
        role: 'user' as const,
        content: `message ${i}: ${'a fairly long line of text that fills the pages of the messages table. '.repeat(3)}`,
        createdAt: at + i,
        updatedAt: at + i,
      }));
      await api.messages.insertMany(messages as never);
      await api.providers.save({ name: 'Secret provider', baseUrl: 'http://127.0.0.1:9/v1', apiKey: secret });
    },
    { count: MESSAGES, secret: SECRET },
  );
}

function damagedScreen(page: Page) {
  return page.getByRole('alert').filter({ hasText: 'The database file is damaged' });
}

test('a damaged database is reported, can be exported without keys, and is only replaced when the user says so', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await fill(page);

  // Damaged on the way in: the check at open catches it and the user is told plainly.
  await app.goto('?e2e-damage-database');
  await expect(damagedScreen(page)).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('has not changed or deleted anything')).toBeVisible();
  await expect(page.getByText('Corrupt', { exact: true })).toBeVisible();
  await expect(page.getByLabel('Restore a backup…')).toBeVisible();

  // Reloading without choosing changes nothing: the same choice again, the file untouched.
  await app.goto();
  await expect(damagedScreen(page)).toBeVisible({ timeout: 20_000 });

  // Export what can be read: a JSON download with the readable rows and without the key.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export what can be read' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^libragent-readable-.*\.json$/);
  const text = await readFile((await download.path())!, 'utf8');
  expect(text).not.toContain(SECRET);
  const salvage = JSON.parse(text) as {
    format: string;
    tables: Record<string, { rows: Record<string, unknown>[]; errors: string[] }>;
  };
  expect(salvage.format).toBe('libragent-salvage');
  expect(salvage.tables.sessions.rows.map((row) => row.name)).toContain('Keep me');
  const rescued = salvage.tables.messages.rows.length;
  expect(rescued).toBeGreaterThan(MESSAGES / 2);
  expect(rescued).toBeLessThanOrEqual(MESSAGES);
  expect(salvage.tables.settings?.rows.some((row) => row.key === 'providers') ?? false).toBe(false);
  await expect(page.getByText('The export was saved to your downloads.')).toBeVisible();

  // "Start fresh…" asks first; cancelling keeps everything as it was.
  await page.getByRole('button', { name: 'Start fresh…' }).click();
  const confirm = page.getByRole('dialog', { name: 'Start fresh?' });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await app.goto();
  await expect(damagedScreen(page)).toBeVisible({ timeout: 20_000 });

  // Confirmed: a new, empty workspace, and the damaged file kept as a backup.
  await page.getByRole('button', { name: 'Start fresh…' }).click();
  await page.getByRole('dialog', { name: 'Start fresh?' }).getByRole('button', { name: 'Start fresh' }).click();
  await app.waitUntilReady();
  await expect(app.sessionButtons()).toHaveCount(0);
  const after = await page.evaluate(async () => {
    const api = (window as unknown as TestWindow).libragent;
    const root = await navigator.storage.getDirectory();
    const backups: { name: string; size: number }[] = [];
    for await (const [name, handle] of (root as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
      if (name.startsWith('libragent-damaged-') && handle.kind === 'file') {
        backups.push({ name, size: (await (handle as FileSystemFileHandle).getFile()).size });
      }
    }
    return { integrity: await api.diagnostics.integrityCheck(), backups };
  });
  expect(after.integrity).toEqual(['ok']);
  expect(after.backups).toHaveLength(1);
  expect(after.backups[0].size).toBeGreaterThan(MESSAGES * 200);
});

test('recovery calls are refused when the database is sound, and starting fresh needs explicit confirmation', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  const outcomes = await page.evaluate(async () => {
    const api = (window as unknown as TestWindow).libragent;
    const codes: (string | undefined)[] = [];
    for (const call of [
      () => api.recovery.exportReadable(),
      () => api.recovery.startFresh(true),
      () => api.recovery.startFresh('yes' as never),
    ]) {
      try {
        await call();
        codes.push('resolved');
      } catch (error) {
        codes.push((error as { code?: string }).code);
      }
    }
    return codes;
  });
  expect(outcomes).toEqual(['NotFound', 'NotFound', 'InvalidInput']);
});
