import { expect, test, type Page } from '@playwright/test';
import { AppPage, type TestWindow } from './support/app';
import { openData, seedWorkspace, snapshot } from './support/data';

const setStorageFull = (page: Page, full: boolean) =>
  page.evaluate((value) => (window as unknown as TestWindow).libragent.testing.setStorageFull(value), full);

test('a write that hits the quota says "storage full" and what to do, loses nothing, and works again once space is freed', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await app.newSession({ name: 'Before it filled up' });
  await app.send('saved before the disk filled');
  // The built-in assistant answers (it may search first): wait until its answer is saved, or
  // the quota below would hit that answer instead of the message this test sends.
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
  const before = await snapshot(page);

  await setStorageFull(page, true);
  // A message: refused with the reason and a way out; the composer keeps the text.
  await app.composer().fill('this one hits the quota');
  await app.composer().press('Enter');
  const notice = page.getByRole('alert').filter({ hasText: 'Storage is full' });
  await expect(notice).toContainText('Nothing saved before was lost');
  await expect(notice).toContainText('export old sessions');
  await expect(app.composer()).toHaveValue('this one hits the quota');
  await page.screenshot({ path: test.info().outputPath('storage-full.png') });
  // An upload, a new session and a restore fail the same way, each saying so.
  await page.getByRole('button', { name: /^Documents/ }).click();
  await page
    .getByLabel('Choose files to upload')
    .setInputFiles({ name: 'big.md', mimeType: 'text/markdown', buffer: Buffer.from('# Big\n'.repeat(2000)) });
  await expect(page.getByRole('list', { name: 'Uploads' })).toContainText('Storage is full');
  const backup = await page.evaluate(async () => (await (window as unknown as TestWindow).libragent.data.backup()).bytes);
  const restore = await page.evaluate(async (bytes) => {
    const api = (window as unknown as TestWindow).libragent;
    const { token } = await api.data.inspectBackup(new Uint8Array(bytes));
    try {
      await api.data.restore(token);
      return 'restored';
    } catch (error) {
      return (error as { code?: string }).code;
    }
  }, Array.from(backup));
  expect(restore).toBe('StorageFull');
  expect(await snapshot(page)).toEqual(before);

  // Space is freed: the same send now works, and nothing written before was lost.
  await setStorageFull(page, false);
  await page.getByRole('button', { name: 'Close documents' }).click();
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(app.userMessages()).toHaveCount(2);
  await page.reload();
  await app.waitUntilReady();
  await expect(app.userMessages()).toHaveCount(2);
  await expect(app.userMessages().first()).toContainText('saved before the disk filled');
  await expect(app.userMessages().last()).toContainText('this one hits the quota');
});

test('Settings show whether storage is persistent and how much is used, and warn when it is nearly full', async ({ page }) => {
  // The browser reports 95% of its quota used (a real nearly-full disk cannot be made here).
  await page.addInitScript(() => {
    StorageManager.prototype.estimate = () => Promise.resolve({ usage: 950 * 1024 * 1024, quota: 1000 * 1024 * 1024 });
  });
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await seedWorkspace(page);
  const banner = page.getByRole('alert').filter({ hasText: 'Storage is nearly full.' });
  await expect(banner).toContainText('950 MB of the 1000 MB');
  await banner.getByRole('button', { name: 'Manage data' }).click();
  const region = page.getByRole('dialog', { name: 'Settings' }).getByRole('region', { name: 'Data' });
  // Headless Chromium never grants persistence: that is shown as a normal state, with its meaning.
  await expect(region).toContainText('Not granted (the browser may clear data under pressure)');
  await expect(region).toContainText('950 MB of 1000 MB available to this site');
  await expect(region.getByRole('alert')).toContainText('Storage is nearly full');
  await region.scrollIntoViewIfNeeded();
  await region.screenshot({ path: test.info().outputPath('data-settings.png') });
});

test('persistent storage is asked for once there is data to keep', async ({ page }) => {
  await page.addInitScript(() => {
    const calls: string[] = [];
    (window as unknown as { persistCalls: string[] }).persistCalls = calls;
    // A browser that grants persistence when asked (Chromium decides by its own rules).
    StorageManager.prototype.persist = () => {
      calls.push('persist');
      return Promise.resolve(true);
    };
    StorageManager.prototype.persisted = () => Promise.resolve(calls.length > 0);
  });
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  expect(await page.evaluate(() => (window as unknown as { persistCalls: string[] }).persistCalls)).toEqual([]);
  await app.newSession();
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { persistCalls: string[] }).persistCalls))
    .toEqual(['persist']);
  const data = await openData(page);
  await expect(data.getByRole('region', { name: 'Data' })).toContainText('Granted: the browser keeps your data');
});
