import { expect, test, type Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { readFile } from 'node:fs/promises';
import { AppPage, type TestWindow, openDocuments } from './support/app';
import { makeDocx } from '../test-support/make-docx';

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const report = makeDocx([
  { heading: 1, text: 'Quarterly report' },
  { text: 'Revenue grew in every region.' },
  { heading: 2, text: '東京の売上' },
  { text: '売上は前年比で二割増えました。' },
  {
    table: [
      ['Region', 'Revenue'],
      ['Tokyo', '1,200'],
      ['大阪', '800'],
    ],
  },
]);

const documents = (page: Page) => page.getByRole('list', { name: 'Session documents' }).getByRole('listitem');
const activeSessionId = (page: Page) => page.evaluate(() => decodeURIComponent(location.hash.split('/')[2]));

test('a .docx upload keeps headings, the table and CJK text, readable by line range; a damaged one is refused', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await app.newSession({ name: 'Word' });
  await openDocuments(page);
  await page.getByLabel('Choose files to upload').setInputFiles([
    { name: 'report.docx', mimeType: DOCX_MIME, buffer: Buffer.from(report) },
    { name: 'broken.docx', mimeType: DOCX_MIME, buffer: Buffer.from(report.slice(0, report.length - 300)) },
  ]);
  await expect(documents(page)).toHaveCount(1, { timeout: 30_000 });
  const uploads = page.getByRole('list', { name: 'Uploads' }).getByRole('listitem');
  await expect(uploads.filter({ hasText: 'broken.docx' }).getByRole('alert')).toContainText(
    /broken\.docx is not a readable Word document.*save it again as \.docx/,
    { timeout: 20_000 },
  );
  const sessionId = await activeSessionId(page);
  const read = await page.evaluate(async (id) => {
    const api = (window as unknown as TestWindow).libragent;
    const [item] = await api.content.list(id);
    return { item, head: await api.content.readLines(id, item.id, 1, 5), table: await api.content.readLines(id, item.id, 9, 12) };
  }, sessionId);
  expect(read.item.mimeType).toBe(DOCX_MIME);
  expect(read.item.chunkCount).toBeGreaterThan(0);
  expect(read.head.text).toBe('# Quarterly report\n\nRevenue grew in every region.\n\n## 東京の売上');
  expect(read.table.text).toBe('| Region | Revenue |\n| --- | --- |\n| Tokyo | 1,200 |\n| 大阪 | 800 |');
});

test('Export workspace (.zip) downloads the transcript and the documents as one ZIP', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  // A slash and a colon in the name: the file keeps the whole name, made safe for file systems.
  await app.newSession({ name: 'Export / me: Q3' });
  await openDocuments(page);
  await page.getByLabel('Choose files to upload').setInputFiles([
    { name: 'report.docx', mimeType: DOCX_MIME, buffer: Buffer.from(report) },
    { name: 'notes.md', mimeType: 'text/markdown', buffer: Buffer.from('# Notes\n\n- 你好\n') },
  ]);
  await expect(documents(page)).toHaveCount(2, { timeout: 30_000 });
  // The built-in assistant answers offline from the documents: a real transcript with a tool call.
  await app.send('Tokyo revenue');

  const downloading = page.waitForEvent('download');
  await page.getByText('Export', { exact: true }).click();
  await page.getByRole('button', { name: 'Export workspace (.zip)' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('Export me Q3 workspace.zip');
  const files = unzipSync(new Uint8Array(await readFile((await download.path())!)));
  expect(Object.keys(files).sort()).toEqual(['documents/notes.md', 'documents/report.docx.txt', 'transcript.md']);
  expect(strFromU8(files['documents/notes.md'])).toBe('# Notes\n\n- 你好\n');
  expect(strFromU8(files['documents/report.docx.txt'])).toContain('| 大阪 | 800 |');
  const transcript = strFromU8(files['transcript.md']);
  expect(transcript).toMatch(/^# Export \/ me: Q3\n/);
  expect(transcript).toContain('## You');
  expect(transcript).toContain('Tokyo revenue');
  expect(transcript).toContain('**Tool call:** `keyword_search`');
  expect(transcript).toContain('## Tool result: keyword_search');
  expect(transcript).toContain('## Assistant');
});
