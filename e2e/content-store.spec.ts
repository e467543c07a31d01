import { expect, test, type Page } from '@playwright/test';
import * as XLSX from '@e965/xlsx';
import { AppPage, type TestWindow, openDocuments } from './support/app';
import { makePdf } from '../test-support/make-pdf';

interface UploadFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

const text = (name: string, body: string, mimeType = 'text/plain'): UploadFile => ({ name, mimeType, buffer: Buffer.from(body) });

function workbook(bookType: 'xlsx' | 'ods', name: string): UploadFile {
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
  XLSX.utils.book_append_sheet(
    book,
    XLSX.utils.aoa_to_sheet([
      ['Item', 'Cost'],
      ['Hotel', 300],
    ]),
    'Budget',
  );
  const data = XLSX.write(book, { bookType, type: 'buffer' }) as Buffer;
  return { name, mimeType: 'application/octet-stream', buffer: data };
}

const pdf = (name: string, pages: Parameters<typeof makePdf>[0], userPassword?: string): UploadFile => ({
  name,
  mimeType: 'application/pdf',
  buffer: makePdf(pages, { userPassword }),
});

async function upload(page: Page, files: UploadFile[]): Promise<void> {
  await page.getByLabel('Choose files to upload').setInputFiles(files);
}

const documents = (page: Page) => page.getByRole('list', { name: 'Session documents' }).getByRole('listitem');
const activeSessionId = (page: Page) => page.evaluate(() => decodeURIComponent(location.hash.split('/')[2]));

test('good files of every kind are parsed, listed, readable by line range and chunked', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await app.newSession({ name: 'Research' });
  await openDocuments(page);
  await upload(page, [
    pdf('report.pdf', [
      { lines: ['Quarterly report', 'Revenue grew'] },
      { lines: ['Second page text'] },
      { lines: ['Korean page'], korean: '안녕하세요' },
    ]),
    workbook('xlsx', 'trips.xlsx'),
    workbook('ods', 'trips.ods'),
    text('quotes.csv', 'name,comment\n"Smith, Jane","She said ""hi""\nthen left"\nBob,plain\n', 'text/csv'),
    text('notes.md', '# Notes\n\n- one\n- two\n', 'text/markdown'),
  ]);
  await expect(documents(page)).toHaveCount(5, { timeout: 30_000 });

  const sessionId = await activeSessionId(page);
  const stored = await page.evaluate(async (id) => {
    const api = (window as unknown as TestWindow).libragent;
    const items = await api.content.list(id);
    return Promise.all(
      items.map(async (item) => ({
        item,
        text: (await api.content.get(id, item.id)).content,
        chunks: await api.content.chunks(id, item.id),
      })),
    );
  }, sessionId);
  const byName = Object.fromEntries(stored.map((entry) => [entry.item.filename, entry]));

  const report = byName['report.pdf'];
  expect(report.item.mimeType).toBe('application/pdf');
  expect(report.text).toContain('Quarterly report');
  expect(report.text).toContain('Second page text');
  expect(report.text).toContain('안녕하세요');
  expect(new Set(report.chunks.map((chunk) => chunk.page))).toEqual(new Set([1, 2, 3]));

  for (const name of ['trips.xlsx', 'trips.ods']) {
    expect(byName[name].text).toContain('Trips');
    expect(byName[name].text).toContain('Lisbon');
    expect(byName[name].text).toContain('Budget');
    expect(new Set(byName[name].chunks.map((chunk) => chunk.sheet))).toEqual(new Set(['Trips', 'Budget']));
  }
  expect(byName['quotes.csv'].text).toContain('Smith, Jane');
  expect(byName['quotes.csv'].text).toContain('She said ""hi""'); // stored as CSV, quotes doubled
  expect(byName['notes.md'].item).toMatchObject({ lineCount: 4, mimeType: 'text/markdown' });

  // Every chunk is exactly the text of its line range.
  for (const entry of stored) {
    expect(entry.item.chunkCount).toBe(entry.chunks.length);
    for (const chunk of entry.chunks) {
      const range = await page.evaluate(
        ({ id, contentId, from, to }) => (window as unknown as TestWindow).libragent.content.readLines(id, contentId, from, to),
        { id: sessionId, contentId: entry.item.id, from: chunk.startLine, to: chunk.endLine },
      );
      expect(range.text).toBe(chunk.text);
    }
  }

  // The reader shows line numbers.
  await documents(page).filter({ hasText: 'notes.md' }).getByRole('button', { name: 'Open notes.md' }).click();
  const reader = page.getByRole('dialog', { name: 'notes.md' });
  await expect(reader.getByRole('region', { name: 'Document text' })).toContainText('# Notes');
  await expect(reader.locator('[data-line="3"]')).toContainText('- one');
  await reader.getByRole('button', { name: 'Close' }).click();

  // What a PDF and a spreadsheet were read as is what the reader shows, on the line it is stored at.
  for (const [name, needles] of [
    ['report.pdf', ['Quarterly report', 'Second page text', '안녕하세요']],
    ['trips.xlsx', ['Lisbon', 'Budget', 'Hotel']],
  ] as const) {
    await documents(page)
      .filter({ hasText: name })
      .getByRole('button', { name: `Open ${name}` })
      .click();
    const opened = page.getByRole('dialog', { name });
    await expect(opened.getByRole('region', { name: 'Document text' })).toBeVisible();
    const lines = byName[name].text.split('\n');
    for (const needle of needles) {
      const line = lines.findIndex((text) => text.includes(needle)) + 1;
      expect(line, `${needle} in ${name}`).toBeGreaterThan(0);
      await expect(opened.locator(`[data-line="${line}"]`)).toContainText(lines[line - 1].trim());
    }
    await opened.getByRole('button', { name: 'Close' }).click();
  }

  // Still there after a restart of the app: the store reloads from SQLite.
  await page.reload();
  await app.waitUntilReady();
  await openDocuments(page);
  await expect(documents(page)).toHaveCount(5);
});

test('bad files get a clear error each and leave the store unchanged', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await app.newSession();
  await openDocuments(page);
  await upload(page, [text('keep.txt', 'kept\n')]);
  await expect(documents(page)).toHaveCount(1);

  await page.evaluate(() =>
    (window as unknown as TestWindow).libragent.settings.update({
      contentLimits: { maxFileBytes: 1024 * 1024, maxPdfPages: 2000, maxSheetRows: 1000 },
    }),
  );
  const cases: [UploadFile, RegExp][] = [
    [
      { name: 'broken.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\nthis is not really a pdf at all') },
      /not a readable PDF/i,
    ],
    [pdf('locked.pdf', [{ lines: ['secret'] }], 'secret'), /password/i],
    [text('empty.txt', ''), /empty/i],
    [text('huge.txt', 'x'.repeat(2 * 1024 * 1024)), /limit is 1(\.0)? MB/i],
    [
      { name: 'photo.txt', mimeType: 'text/plain', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0xff, 0xfe, 0]) },
      /not a text file/i,
    ],
    [
      { name: 'tool.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ\x90\x00binary') },
      /unsupported file type: tool\.exe/i,
    ],
  ];
  await upload(
    page,
    cases.map(([file]) => file),
  );
  const uploads = page.getByRole('list', { name: 'Uploads' }).getByRole('listitem');
  for (const [file, message] of cases) {
    await expect(uploads.filter({ hasText: file.name }).getByRole('alert')).toHaveText(message, { timeout: 20_000 });
  }
  await expect(documents(page)).toHaveCount(1);
  const sessionId = await activeSessionId(page);
  const footprint = await page.evaluate(
    (id) => (window as unknown as TestWindow).libragent.diagnostics.sessionFootprint(id),
    sessionId,
  );
  expect(footprint).toMatchObject({ contents: 1, chunks: 1 });
});

test('an upload can be cancelled while it runs, and nothing of it is saved', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await app.newSession();
  await openDocuments(page);
  const pages = Array.from({ length: 600 }, (_, i) => ({
    lines: Array.from({ length: 40 }, (__, j) => `Page ${i + 1} line ${j + 1} of a long report`),
  }));
  await upload(page, [pdf('long.pdf', pages)]);
  const row = page.getByRole('list', { name: 'Uploads' }).getByRole('listitem').filter({ hasText: 'long.pdf' });
  await expect(row.getByRole('status')).toHaveText(/Parsing page \d+ of 600/, { timeout: 20_000 });
  await row.getByRole('button', { name: 'Cancel upload of long.pdf' }).click();
  await expect(row.getByRole('status')).toHaveText('Cancelled', { timeout: 20_000 });
  await expect(page.getByText('No documents yet')).toBeVisible();
});

test('files attached to a message, dropped on the conversation or pasted are stored and open from the chips', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await app.newSession();

  await page
    .getByLabel('Choose files to attach')
    .setInputFiles([text('plan.md', '# Plan\nStep one\nStep two\n', 'text/markdown')]);
  await expect(page.getByRole('list', { name: 'Attached files' })).toContainText('plan.md');
  await app.composer().fill('Here is the plan');
  await app.composer().press('Enter');
  // The user's message, pinned by its text: the built-in assistant's reply arrives right after
  // it, and "the last message" would then be the reply, which has no chips.
  const message = app.messages().filter({ hasText: 'Here is the plan' }).first();
  await expect(message).toContainText('Here is the plan');
  await message.getByRole('button', { name: /plan\.md/ }).click();
  await expect(page.getByRole('dialog', { name: 'plan.md' }).getByRole('region', { name: 'Document text' })).toContainText(
    'Step two',
  );
  await page.keyboard.press('Escape');

  // Dropped on the conversation: into the session's documents.
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.items.add(new File(['dropped text\n'], 'dropped.txt', { type: 'text/plain' }));
    const target = document.querySelector('.chat-area')!;
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  });
  await expect(documents(page).filter({ hasText: 'dropped.txt' })).toHaveCount(1);

  // Pasted into the composer: attached to the next message.
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.items.add(new File(['pasted text\n'], 'pasted.txt', { type: 'text/plain' }));
    document
      .querySelector('textarea[aria-label="Message"]')!
      .dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(page.getByRole('list', { name: 'Attached files' })).toContainText('pasted.txt');

  // Delete a document with confirmation.
  await documents(page).filter({ hasText: 'dropped.txt' }).getByRole('button', { name: 'Delete dropped.txt' }).click();
  await page.getByRole('dialog', { name: 'Delete dropped.txt?' }).getByRole('button', { name: 'Delete document' }).click();
  await expect(documents(page).filter({ hasText: 'dropped.txt' })).toHaveCount(0);
  await expect(documents(page)).toHaveCount(2);
});

test('a link to a line range opens the reader there, with the lines highlighted', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await app.newSession();
  const sessionId = await activeSessionId(page);
  const body = Array.from({ length: 1000 }, (_, i) => `line ${i + 1}`).join('\n');
  const item = await page.evaluate(
    ({ id, body }) => (window as unknown as TestWindow).libragent.content.addText(id, 'long.txt', body),
    { id: sessionId, body },
  );
  await page.goto(`/#/session/${sessionId}/document/${item.id}/lines/700-702`);
  const reader = page.getByRole('dialog', { name: 'long.txt' });
  await expect(reader).toBeVisible();
  const hits = reader.locator('.line.hit');
  await expect(hits).toHaveCount(3);
  await expect(hits.first()).toHaveText(/700\s*line 700/);
  await expect(hits.first()).toBeInViewport();
  await expect(reader).toContainText('of 1000');
  await reader.getByRole('button', { name: 'Close' }).click();
  await expect(page).toHaveURL(new RegExp(`#/session/${sessionId}$`));
});
