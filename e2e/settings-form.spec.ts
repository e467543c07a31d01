import { expect, test } from '@playwright/test';
import { AppPage, openDocuments, openSettings } from './support/app';

// The Settings form as a user fills it: typed, saved, used by the next upload, kept over a reload.
// Other specs set limits through the API; this one is the only path a user has.

const lines = (count: number) => Array.from({ length: count }, (_, n) => `line ${n + 1} of the plan`).join('\n') + '\n';

test('limits and chunking typed into Settings and saved are what the next upload uses, and a reload keeps them', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await app.newSession({ name: 'Form' });

  const settings = await openSettings(page);
  // Half a megabyte: the form's MB are 1,048,576 bytes, so the limit becomes 512 KB.
  await settings.getByRole('textbox', { name: 'Largest file (MB)' }).fill('0.5');
  await settings.getByRole('textbox', { name: 'Lines per chunk' }).fill('10');
  await settings.getByRole('textbox', { name: 'Overlap lines' }).fill('0');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(settings.getByRole('status')).toContainText('Saved.');
  await settings.getByRole('button', { name: 'Close' }).click();

  await openDocuments(page);
  await page.getByLabel('Choose files to upload').setInputFiles([
    { name: 'big.txt', mimeType: 'text/plain', buffer: Buffer.from('x'.repeat(600 * 1024)) },
    { name: 'plan.txt', mimeType: 'text/plain', buffer: Buffer.from(lines(50)) },
  ]);
  const uploads = page.getByRole('list', { name: 'Uploads' }).getByRole('listitem');
  await expect(uploads.filter({ hasText: 'big.txt' }).getByRole('alert')).toHaveText(
    'big.txt is 600 KB; the limit is 512 KB. Split it into smaller files, or raise the limit in Settings.',
  );
  // 50 lines at 10 lines a chunk and no overlap: five chunks.
  const plan = page.getByRole('list', { name: 'Session documents' }).getByRole('listitem').filter({ hasText: 'plan.txt' });
  await expect(plan).toContainText('50 lines · 5 chunks');

  await page.reload();
  await app.waitUntilReady();
  const again = await openSettings(page);
  await expect(again.getByRole('textbox', { name: 'Largest file (MB)' })).toHaveValue('0.5');
  await expect(again.getByRole('textbox', { name: 'Lines per chunk' })).toHaveValue('10');
  await expect(again.getByRole('textbox', { name: 'Overlap lines' })).toHaveValue('0');
});

test('a value the app cannot use is refused with a message, and what was saved before stays in force', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();

  const settings = await openSettings(page);
  const largest = settings.getByRole('textbox', { name: 'Largest file (MB)' });
  const before = await largest.inputValue();
  await largest.fill('lots');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(settings.getByRole('alert')).toHaveText(
    'Largest file (MB) must be a number, such as ' + before + '. Nothing was saved.',
  );
  await expect(settings.getByRole('status')).toHaveCount(0);
  // A number out of range: the worker refuses it, in the words of the form, not its own field names.
  await largest.fill(before);
  await settings.getByRole('textbox', { name: 'Lines per chunk' }).fill('0');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(settings.getByRole('alert')).toContainText(/^Lines per chunk must be .*got 0/);
  await expect(settings.getByRole('status')).toHaveCount(0);

  await page.reload();
  await app.waitUntilReady();
  const again = await openSettings(page);
  await expect(again.getByRole('textbox', { name: 'Largest file (MB)' })).toHaveValue(before);
  await expect(again.getByRole('textbox', { name: 'Lines per chunk' })).not.toHaveValue('0');
});
