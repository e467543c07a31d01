import { expect, test } from '@playwright/test';
import { chatGptSample } from '../test-support/chatgpt-sample';
import { AppPage, type TestWindow } from './support/app';
import { SECRET_KEY, downloadBytes, openData, seedWorkspace } from './support/data';

test('a session exports as Markdown and as JSON, all sessions export as one file that imports back, with no API key', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await seedWorkspace(page);
  await app.sessionButtons().filter({ hasText: 'Trip planning' }).getByRole('button').click();

  await page.getByText('Export', { exact: true }).click();
  const markdownDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export as Markdown' }).click();
  const markdown = await markdownDownload;
  expect(markdown.suggestedFilename()).toBe('Trip planning.md');
  const text = (await downloadBytes(markdown)).toString('utf8');
  expect(text).toMatch(/^# Trip planning\n/);
  expect(text).toContain('## You');
  expect(text).toContain('Where should we go first?');
  expect(text).toContain('Attached: lisbon.md');

  await page.getByText('Export', { exact: true }).click();
  const jsonDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export as JSON' }).click();
  const session = JSON.parse((await downloadBytes(await jsonDownload)).toString('utf8')) as {
    format: string;
    version: number;
    sessions: { session: { name: string }; messages: unknown[]; contents: { chunks: unknown[] }[] }[];
  };
  expect(session).toMatchObject({ format: 'libragent-web', version: 1 });
  expect(session.sessions).toHaveLength(1);
  expect(session.sessions[0].session.name).toBe('Trip planning');
  expect(session.sessions[0].messages).toHaveLength(2);
  expect(session.sessions[0].contents[0].chunks.length).toBeGreaterThan(0);

  const data = await openData(page);
  const allDownload = page.waitForEvent('download');
  await data.getByRole('button', { name: 'Export all sessions (JSON)' }).click();
  const all = await downloadBytes(await allDownload);
  expect(all.includes(Buffer.from(SECRET_KEY))).toBe(false);
  expect(all.toString('utf8')).not.toContain('apiKey');

  // Importing the same file again adds copies under new ids; nothing is overwritten.
  await data.getByLabel('Import sessions…').setInputFiles({ name: 'all.json', mimeType: 'application/json', buffer: all });
  await expect(data.getByRole('status').filter({ hasText: 'Imported 2 sessions with 3 messages.' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(app.sessionButtons()).toHaveCount(4);
  const counts = await page.evaluate(async () => {
    const api = (window as unknown as TestWindow).libragent;
    const sessions = await api.sessions.list();
    return Promise.all(
      sessions.map(async (item) => ({
        name: item.name,
        messages: (await api.messages.history(item.id, null, 100)).items.length,
        documents: (await api.content.list(item.id)).length,
      })),
    );
  });
  expect(counts.filter((entry) => entry.name === 'Trip planning')).toEqual([
    { name: 'Trip planning', messages: 2, documents: 1 },
    { name: 'Trip planning', messages: 2, documents: 1 },
  ]);
});

test("ChatGPT's conversations.json imports the conversation the user saw, and a bad file imports nothing", async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  const data = await openData(page);
  await data.getByLabel('Import sessions…').setInputFiles({
    name: 'conversations.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(chatGptSample())),
  });
  await expect(data.getByRole('status').filter({ hasText: 'Imported 2 sessions with 5 messages from ChatGPT.' })).toBeVisible();

  // A file that is not an export is refused, and nothing of it is saved.
  const broken = { format: 'libragent-web', version: 1, sessions: [{ session: { id: 'x', name: 'Half' }, messages: [] }] };
  await data.getByLabel('Import sessions…').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(broken)),
  });
  await expect(data.getByRole('alert')).toContainText('Session 1: assistantId');
  await data
    .getByLabel('Import sessions…')
    .setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{oops') });
  await expect(data.getByRole('alert')).toContainText('This file is not JSON');
  await page.keyboard.press('Escape');
  await expect(app.sessionButtons()).toHaveCount(2);

  await app.sessionButtons().filter({ hasText: 'Trip to Lisbon' }).getByRole('button').click();
  await expect(app.userMessages()).toHaveCount(2);
  const answers = page.getByRole('article', { name: 'Assistant message' });
  await expect(answers).toHaveCount(2);
  await expect(answers.first()).toContainText('Belém Tower and the Alfama.');
  await expect(answers.last()).toContainText('Pastéis de nata.');
  await expect(page.getByText('FIRST DRAFT')).toHaveCount(0);
  await expect(page.getByText('hidden context')).toHaveCount(0);
  await expect(page.getByText('You are ChatGPT')).toHaveCount(0);
  // The times of the original conversation are kept: its create_time 1,700,000,100 s, exactly.
  await expect(app.userMessages().first().locator('time')).toHaveAttribute('datetime', new Date(1_700_000_100_000).toISOString());
  await expect(app.userMessages().last().locator('time')).toHaveAttribute('datetime', new Date(1_700_000_200_000).toISOString());
});

test('a hostile export (a chunk outside its document, a line count that lies) is refused with where it is wrong, and imports nothing', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  const exported = await page.evaluate(async () => {
    const api = (window as unknown as TestWindow).libragent;
    const session = await api.sessions.create({ name: 'Notes' });
    await api.content.addText(session.id, 'notes.md', 'one\ntwo\nthree');
    return (await api.data.exportAll()).text;
  });
  const sessionsBefore = await page.evaluate(
    async () => (await (window as unknown as TestWindow).libragent.sessions.list()).length,
  );
  const data = await openData(page);
  const tampered = (edit: (document: { lineCount: number; chunks: { endLine: number }[] }) => void) => {
    const file = JSON.parse(exported) as { sessions: { contents: Parameters<typeof edit>[0][] }[] };
    edit(file.sessions[0].contents[0]);
    return { name: 'tampered.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) };
  };
  await data.getByLabel('Import sessions…').setInputFiles(tampered((document) => (document.chunks[0].endLine = 999)));
  await expect(data.getByRole('alert')).toHaveText('Session 1: document 1: Chunk 1 ends at line 999, but the text has 3 lines.');
  await data.getByLabel('Import sessions…').setInputFiles(tampered((document) => (document.lineCount = 1_000_000)));
  await expect(data.getByRole('alert')).toHaveText(
    'Session 1: document 1: its lineCount (1000000) is not the 3 lines in its text.',
  );
  const sessionsAfter = await page.evaluate(
    async () => (await (window as unknown as TestWindow).libragent.sessions.list()).length,
  );
  expect(sessionsAfter).toBe(sessionsBefore);
});
