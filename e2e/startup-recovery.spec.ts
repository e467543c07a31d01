import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { AppPage, type TestWindow } from './support/app';
import { SECRET_KEY, backupFile, seedWorkspace, snapshot } from './support/data';

/**
 * Issue 18, point 2: no start-up failure is a dead end. Whatever fails at start, the startup
 * screen offers to export what can be read, to restore a backup and to start fresh, and the old
 * file is kept whichever the user picks. (A damaged file: damaged-database.spec.ts.)
 */

/** The copies of old database files set aside in this site's private storage. */
function setAside(page: Page) {
  return page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const files: { name: string; size: number }[] = [];
    for await (const [name, handle] of (root as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
      if (/^libragent-(not-opened|damaged)-/.test(name) && handle.kind === 'file') {
        files.push({ name, size: (await (handle as FileSystemFileHandle).getFile()).size });
      }
    }
    return files;
  });
}

async function exportReadable(page: Page): Promise<string> {
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export what can be read' }).click();
  const text = await readFile((await (await downloading).path())!, 'utf8');
  await expect(page.getByText('The export was saved to your downloads.')).toBeVisible();
  return text;
}

test('a database of a newer schema, which this version refuses, can be exported, and a backup restored in its place', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await seedWorkspace(page);
  const backedUp = await snapshot(page);
  const backup = await backupFile(page);
  await page.evaluate(async () => {
    const api = (window as unknown as TestWindow).libragent;
    await api.sessions.create({ name: 'Made after the backup' });
    await api.diagnostics.setSchemaVersion(999);
  });

  await app.goto();
  const screen = page.getByRole('alert').filter({ hasText: 'This database belongs to a newer LibrAgent' });
  await expect(screen).toBeVisible({ timeout: 20_000 });
  await expect(screen).toContainText('has not changed or deleted anything');
  await expect(screen.getByText('SchemaTooNew', { exact: true })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('schema-too-new.png') });

  // Export what can be read: everything, the session made after the backup too, and no key.
  const text = await exportReadable(page);
  expect(text).not.toContain(SECRET_KEY);
  const salvage = JSON.parse(text) as { tables: Record<string, { rows: Record<string, unknown>[] }> };
  expect(salvage.tables.sessions.rows.map((row) => row.name)).toContain('Made after the backup');

  // Restore a backup in its place: checked first, then put in place of the old file, which is kept.
  await page
    .getByLabel('Restore a backup…')
    .setInputFiles({ name: 'backup.sqlite3', mimeType: 'application/vnd.sqlite3', buffer: backup });
  const confirm = page.getByRole('group', { name: 'Confirm restore' });
  await expect(confirm).toContainText(/2 sessions, 3 messages and 1 document(?!s)/);
  // With storage full the old file cannot be copied aside: nothing changes, and the user is told why.
  await page.evaluate(() => (window as unknown as TestWindow).libragent.testing.setStorageFull(true));
  await confirm.getByRole('button', { name: 'Restore this backup' }).click();
  await expect(screen).toContainText('The restore failed: Storage is full');
  await expect(screen).toContainText('Nothing was changed');
  expect(await setAside(page)).toEqual([]);
  await page.evaluate(() => (window as unknown as TestWindow).libragent.testing.setStorageFull(false));
  await confirm.getByRole('button', { name: 'Restore this backup' }).click();
  await app.waitUntilReady();
  expect(await snapshot(page)).toEqual(backedUp);
  // The key was read from the old file and carried over.
  const providers = await page.evaluate(() => (window as unknown as TestWindow).libragent.providers.list());
  expect(providers).toMatchObject([{ name: 'OpenAI', hasApiKey: true }]);
  const [old, ...others] = await setAside(page);
  expect(others).toEqual([]);
  expect(old.name).toMatch(/^libragent-not-opened-.*\.sqlite3$/);
  expect(old.size).toBeGreaterThan(8192);
});

test('an internal error at start offers the same choices, and starting fresh keeps the old file', async ({ page }) => {
  test.setTimeout(90_000);
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await seedWorkspace(page);

  await app.goto('?e2e-internal-start-error');
  const screen = page.getByRole('alert').filter({ hasText: 'LibrAgent could not start' });
  await expect(screen).toBeVisible({ timeout: 20_000 });
  await expect(screen.getByText('Internal', { exact: true })).toBeVisible();
  await expect(page.getByLabel('Restore a backup…')).toBeVisible();
  const text = await exportReadable(page);
  expect(JSON.parse(text).tables.sessions.rows).toHaveLength(2);

  // Reloading without choosing changes nothing: the same screen, the same file.
  await app.goto('?e2e-internal-start-error');
  await expect(screen).toBeVisible({ timeout: 20_000 });
  expect(await setAside(page)).toEqual([]);

  await page.getByRole('button', { name: 'Start fresh…' }).click();
  await page.getByRole('dialog', { name: 'Start fresh?' }).getByRole('button', { name: 'Start fresh' }).click();
  await app.waitUntilReady();
  await expect(app.sessionButtons()).toHaveCount(0);
  const [old] = await setAside(page);
  expect(old.name).toMatch(/^libragent-not-opened-.*\.sqlite3$/);
  expect(old.size).toBeGreaterThan(8192);
});

test('another tab is told the file is held elsewhere, and its start does not reopen the file under the choice being made', async ({
  page,
  context,
}) => {
  test.setTimeout(90_000);
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await seedWorkspace(page);
  const backup = await backupFile(page);
  await page.evaluate(() => (window as unknown as TestWindow).libragent.diagnostics.setSchemaVersion(999));
  await app.goto();
  await page
    .getByLabel('Restore a backup…')
    .setInputFiles({ name: 'backup.sqlite3', mimeType: 'application/vnd.sqlite3', buffer: backup });
  const confirm = page.getByRole('group', { name: 'Confirm restore' });
  await expect(confirm).toContainText('2 sessions');

  // A second tab forwards its start to the first, which holds the file: it says so, and offers no choice.
  const other = await context.newPage();
  await other.goto('/');
  const screen = other.getByRole('alert').filter({ hasText: 'This database belongs to a newer LibrAgent' });
  await expect(screen).toContainText('Another LibrAgent tab has the file open', { timeout: 20_000 });
  await expect(other.getByRole('button', { name: 'Export what can be read' })).toHaveCount(0);

  // The backup the first tab checked is still ready: nothing reopened the file meanwhile.
  await confirm.getByRole('button', { name: 'Restore this backup' }).click();
  await app.waitUntilReady();
  await expect(app.sessionButtons()).toHaveCount(2);
});
