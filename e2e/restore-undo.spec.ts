import { expect, test, type Page } from '@playwright/test';
import { AppPage, type TestWindow } from './support/app';
import { SECRET_KEY, backupFile, openData, seedWorkspace, snapshot } from './support/data';

/**
 * Issue 18, point 3: the copy of the user's data a restore takes first is kept in this browser's
 * storage, so a download the browser blocks loses nothing, and "Undo the last restore" brings it
 * back until the next restore replaces it.
 */

// Every download of this file is refused, as a browser that blocks them (or a user who ignores them) does.
test.use({ acceptDownloads: false });

/** The copies kept before a restore, in this site's private storage. */
function keptFiles(page: Page) {
  return page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const files: { name: string; size: number }[] = [];
    for await (const [name, handle] of (root as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
      if (name.startsWith('libragent-before-restore-') && handle.kind === 'file') {
        files.push({ name, size: (await (handle as FileSystemFileHandle).getFile()).size });
      }
    }
    return files;
  });
}

async function restoreThrough(page: Page, backup: Buffer): Promise<void> {
  const dialog = await openData(page);
  await dialog
    .getByLabel('Restore from backup…')
    .setInputFiles({ name: 'backup.sqlite3', mimeType: 'application/vnd.sqlite3', buffer: backup });
  await dialog.getByRole('button', { name: 'Replace my data with this backup' }).click();
  await expect(dialog.getByRole('status').filter({ hasText: 'Restored' })).toContainText('kept in this browser');
  await page.keyboard.press('Escape');
}

test('a restore whose safety download is blocked keeps the data from before, and Undo brings it back exactly', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await seedWorkspace(page);
  const backup = await backupFile(page);
  // What the user has by the time they restore: changed since the backup.
  await page.evaluate(async () => {
    const api = (window as unknown as TestWindow).libragent;
    const [first] = await api.sessions.list();
    await api.sessions.delete(first.id);
    const later = await api.sessions.create({ name: 'Made after the backup' });
    await api.messages.send(later.id, 'not in the backup');
  });
  const before = await snapshot(page);
  const downloads: (string | null)[] = [];
  page.on('download', (download) => void download.failure().then((failure) => downloads.push(failure)));

  await restoreThrough(page, backup);
  await expect(page.getByText('Made after the backup')).toHaveCount(0);
  expect(await snapshot(page)).not.toEqual(before);
  // The download was offered and refused; the copy is in OPFS all the same, and survives a reload.
  await expect.poll(() => downloads.length).toBe(1);
  expect(downloads[0]).toBeTruthy(); // the browser's reason it was not saved
  const [kept, ...others] = await keptFiles(page);
  expect(others).toEqual([]);
  expect(kept.size).toBeGreaterThan(4096);
  await page.reload();
  await app.waitUntilReady();

  const dialog = await openData(page);
  const undo = dialog.getByRole('group', { name: 'Undo the last restore' });
  await expect(undo).toContainText('is kept in this browser');
  await expect(undo).toContainText(/\d+(\.\d)? (KB|MB) of its storage/);
  await dialog.getByRole('region', { name: 'Data' }).screenshot({ path: test.info().outputPath('undo-offered.png') });
  await undo.getByRole('button', { name: 'Undo the last restore…' }).click();
  await undo.getByRole('button', { name: 'Bring back my data from before' }).click();
  await expect(dialog.getByRole('status').filter({ hasText: 'The restore was undone' })).toBeVisible();
  await expect(undo).toHaveCount(0);
  await page.keyboard.press('Escape');

  // Exactly the data from before: sessions, messages, documents; and this device's key is there.
  await expect(app.sessionButtons().filter({ hasText: 'Made after the backup' })).toHaveCount(1);
  expect(await snapshot(page)).toEqual(before);
  const providers = await page.evaluate(() => (window as unknown as TestWindow).libragent.providers.list());
  expect(providers).toMatchObject([{ name: 'OpenAI', hasApiKey: true, apiKeyHint: `••••${SECRET_KEY.slice(-4)}` }]);
  expect(await keptFiles(page)).toEqual([]);

  // The next restore replaces the kept copy: its undo brings back the data from just before it.
  await restoreThrough(page, backup);
  await page.evaluate(async () => {
    const api = (window as unknown as TestWindow).libragent;
    await api.sessions.create({ name: 'Between the restores' });
  });
  const between = await snapshot(page);
  await restoreThrough(page, backup);
  expect(await keptFiles(page)).toHaveLength(1);
  const again = await openData(page);
  await again.getByRole('button', { name: 'Undo the last restore…' }).click();
  await again.getByRole('button', { name: 'Bring back my data from before' }).click();
  await expect(again.getByRole('status').filter({ hasText: 'The restore was undone' })).toBeVisible();
  expect(await snapshot(page)).toEqual(between);
  expect(between).not.toEqual(before);
});

test('the kept copy can be deleted to free its space, and a restore with storage full changes nothing', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await seedWorkspace(page);
  const backup = await backupFile(page);
  await restoreThrough(page, backup);
  const dialog = await openData(page);
  await dialog.getByRole('group', { name: 'Undo the last restore' }).getByRole('button', { name: 'Delete it' }).click();
  await expect(dialog.getByRole('status').filter({ hasText: 'can no longer be undone' })).toBeVisible();
  await expect(dialog.getByRole('group', { name: 'Undo the last restore' })).toHaveCount(0);
  expect(await keptFiles(page)).toEqual([]);

  // Storage full while the copy is kept: nothing is restored, and the user is told why.
  await page.evaluate(async () => {
    const api = (window as unknown as TestWindow).libragent;
    await api.sessions.create({ name: 'Not in the backup' });
  });
  const now = await snapshot(page);
  await dialog
    .getByLabel('Restore from backup…')
    .setInputFiles({ name: 'backup.sqlite3', mimeType: 'application/vnd.sqlite3', buffer: backup });
  await page.evaluate(() => (window as unknown as TestWindow).libragent.testing.setStorageFull(true));
  await dialog.getByRole('button', { name: 'Replace my data with this backup' }).click();
  await expect(dialog.getByRole('alert')).toContainText('nothing was restored and your data was not changed');
  await page.evaluate(() => (window as unknown as TestWindow).libragent.testing.setStorageFull(false));
  expect(await snapshot(page)).toEqual(now);
  expect(await keptFiles(page)).toEqual([]);
  await page.reload();
  await app.waitUntilReady();
  expect(await snapshot(page)).toEqual(now);
});
