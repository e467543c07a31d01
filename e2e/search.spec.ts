import { expect, test, type Page } from '@playwright/test';
import { AppPage, type TestWindow } from './support/app';
import { seedSession } from './support/seed';

const DAY = 24 * 60 * 60 * 1000;

function searchDialog(page: Page) {
  return page.getByRole('dialog', { name: 'Search' });
}

async function openSearch(page: Page, text: string) {
  await page.keyboard.press('Control+k');
  const dialog = searchDialog(page);
  await expect(dialog).toBeVisible();
  await dialog.getByRole('searchbox', { name: 'Search messages and documents' }).fill(text);
  return dialog;
}

const results = (page: Page) => searchDialog(page).getByRole('list', { name: 'Search results' }).getByRole('listitem');

test('Ctrl+K finds messages in every session, filters them, and opens the one chosen, highlighted', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  const old = Date.now() - 30 * DAY;
  const filler = Array.from({ length: 150 }, (_, i) => ({ content: `Filler message ${i} about nothing in particular.` }));
  const tripsId = await seedSession(
    page,
    'Trips',
    [
      { role: 'user', content: 'Which tram goes up to the castle in Lisbon?' },
      { role: 'assistant', content: '안녕하세요! Tram 28 climbs to the castle.', thinking: 'The user asks about Lisbon trams' },
      ...filler,
    ],
    'trips',
  );
  const workId = await seedSession(
    page,
    'Work',
    [{ role: 'assistant', content: 'The Lisbon office sends its report on Friday.', createdAt: old }],
    'work',
  );
  await page.reload();
  await app.waitUntilReady();

  const dialog = await openSearch(page, 'lisbon');
  await expect(results(page)).toHaveCount(3); // the question, the thinking of the answer, the Work message
  await expect(results(page).first().locator('mark').first()).toHaveText(/lisbon/i);
  await expect(dialog.getByRole('status')).toContainText('3 results');

  // Filters: role, session, date.
  await dialog.getByLabel('Show').selectOption('user');
  await expect(results(page)).toHaveCount(1);
  await expect(results(page).first()).toContainText('Which tram goes up');
  await dialog.getByLabel('Show').selectOption('');
  await dialog.getByLabel('Search in').selectOption(workId);
  await expect(results(page)).toHaveCount(1);
  await expect(results(page).first()).toContainText('Work');
  await dialog.getByLabel('Search in').selectOption('');
  await dialog.getByLabel('From').fill(new Date(Date.now() - DAY).toISOString().slice(0, 10));
  await expect(results(page)).toHaveCount(2);
  await dialog.getByLabel('From').fill('');

  // A prefix of a Korean word finds it; results follow the typing.
  await dialog.getByRole('searchbox').fill('안녕');
  await expect(results(page)).toHaveCount(1);
  await expect(results(page).first().locator('mark')).toHaveText('안녕하세요');

  // Choosing a result opens its session scrolled to the message, highlighted (it is far above the newest).
  await dialog.getByRole('searchbox').fill('castle tram');
  await expect(results(page)).toHaveCount(2);
  await results(page).filter({ hasText: 'Which tram' }).getByRole('button').click();
  await expect(dialog).toBeHidden();
  const target = page.locator('[data-message-id="trips-0"]');
  await expect(target).toBeInViewport();
  await expect(target).toHaveClass(/highlighted/);
  expect(await page.evaluate(() => location.hash)).toBe(`#/session/${tripsId}/message/trips-0`);
});

test('document passages are found with file name and lines, and open the reader there', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await app.newSession({ name: 'Research' });
  await page.getByRole('button', { name: /^Documents/ }).click();
  const lines = Array.from({ length: 120 }, (_, i) =>
    i === 89 ? 'The albatross nests on the cliffs.' : `Line ${i + 1} of plain notes.`,
  );
  await page
    .getByLabel('Choose files to upload')
    .setInputFiles([{ name: 'birds.txt', mimeType: 'text/plain', buffer: Buffer.from(lines.join('\n')) }]);
  await expect(page.getByRole('list', { name: 'Session documents' })).toContainText('birds.txt');

  const dialog = await openSearch(page, 'albatross');
  await expect(results(page)).toHaveCount(1);
  await expect(results(page).first()).toContainText(/birds\.txt · lines \d+–\d+/);
  await dialog.getByLabel('Show').selectOption('user');
  await expect(dialog.getByRole('status')).toHaveText('No messages or documents match.');
  await dialog.getByLabel('Show').selectOption('document');
  await results(page).first().getByRole('button').click();
  const reader = page.getByRole('dialog', { name: 'birds.txt' });
  await expect(reader).toBeVisible();
  // The passage's lines are marked and scrolled to; the matched line is one of them.
  await expect(reader.locator('.line.hit').first()).toBeInViewport();
  await expect(reader.locator('.line.hit', { hasText: 'albatross' })).toHaveAttribute('data-line', '90');
});

test('edited, deleted and removed things are found by what they are now, never by what they were', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  const sessionId = await seedSession(
    page,
    'Drafts',
    [
      { role: 'user', content: 'the pelican brief' },
      { role: 'user', content: 'a note about walruses' },
    ],
    'drafts',
  );
  await page.reload();
  await app.waitUntilReady();
  await openSearch(page, 'pelican');
  await expect(results(page)).toHaveCount(1);
  await page.keyboard.press('Escape');

  await page.evaluate(
    async ({ sessionId }) => {
      const api = (window as unknown as TestWindow).libragent;
      await api.messages.edit('drafts-0', 'the heron brief');
      await api.messages.delete('drafts-1');
      await api.content.addText(sessionId, 'zoo.txt', 'walruses and pelicans at the zoo');
    },
    { sessionId },
  );
  let dialog = await openSearch(page, 'pelican');
  await expect(results(page)).toHaveCount(1);
  await expect(results(page).first()).toContainText('zoo.txt');
  await dialog.getByRole('searchbox').fill('heron');
  await expect(results(page)).toHaveCount(1);
  await dialog.getByRole('searchbox').fill('walruses');
  await expect(results(page)).toHaveCount(1);
  await expect(results(page).first()).toContainText('zoo.txt');
  await page.keyboard.press('Escape');

  await page.evaluate(async ({ sessionId }) => (window as unknown as TestWindow).libragent.sessions.delete(sessionId), {
    sessionId,
  });
  dialog = await openSearch(page, 'heron');
  await expect(dialog.getByRole('status')).toHaveText('No messages or documents match.');
});

/** The names in the session's workspace folder in OPFS; none when it (or the workspaces root) does not exist. */
function workspaceFiles(page: Page, sessionId: string): Promise<string[]> {
  return page.evaluate(async (id) => {
    try {
      const root = await navigator.storage.getDirectory();
      const folder = await (await root.getDirectoryHandle('workspaces')).getDirectoryHandle(encodeURIComponent(id));
      const names: string[] = [];
      for await (const name of (folder as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
      return names;
    } catch (error) {
      if ((error as DOMException).name === 'NotFoundError') return [];
      throw error;
    }
  }, sessionId);
}

/** The session's row of the index status, as the worker reports it. */
function indexStatusOf(page: Page, sessionId: string) {
  return page.evaluate(async (id) => {
    const rows = await (window as unknown as TestWindow).libragent.search.status();
    return rows.find((row) => row.sessionId === id);
  }, sessionId);
}

test('the index lives in the database: a rebuild is recorded, later writes are found after a reload, no file is written, damage is rebuilt', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  const sessionId = await seedSession(page, 'Kept', [{ role: 'user', content: 'kestrels hover over the field' }], 'kept');
  await page.reload();
  await app.waitUntilReady();

  // Index status: rebuilding one session records the work in message_index_meta. The seeded
  // message may already be indexed in the background, so the record must be newer than the click.
  let dialog = await openSearch(page, '');
  await dialog.getByText('Index status').click();
  const row = dialog.getByRole('row', { name: /Kept/ });
  const clickedAt = await page.evaluate(() => Date.now());
  await row.getByRole('button', { name: 'Rebuild Kept' }).click();
  await expect(row).toContainText('1 item');
  await expect(row).toContainText(/\d+ ms/);
  await expect(row).not.toContainText('Never');
  await expect(row).not.toContainText('changes pending');
  const rebuilt = await indexStatusOf(page, sessionId);
  expect(rebuilt).toMatchObject({ docCount: 1, dirty: false, indexPath: expect.stringMatching(/^search_index \(FTS5\)/) });
  expect(rebuilt!.lastIndexedAt).toBeGreaterThanOrEqual(clickedAt);
  await page.keyboard.press('Escape');

  // Written after the rebuild: found after a reload, next to what was indexed before, complete.
  await page.evaluate(async (sessionId) => {
    const api = (window as unknown as TestWindow).libragent;
    await api.messages.send(sessionId, 'kestrels and falcons');
  }, sessionId);
  await page.reload();
  await app.waitUntilReady();
  dialog = await openSearch(page, 'kestrels');
  await expect(results(page)).toHaveCount(2);
  await expect(dialog.getByRole('status')).toContainText(/2 results in \d+ ms/);
  await expect(dialog.getByRole('status')).not.toContainText('Indexing');
  await page.keyboard.press('Escape');
  // The index is rows of the database: the session's folder holds no index file.
  expect(await workspaceFiles(page, sessionId)).not.toContain('search-index.json');

  // Damage to the index is not fatal: after a reload the index is rebuilt from the database, and
  // the results fill in by themselves while it is (the dialog asks again while writes wait).
  const before = await indexStatusOf(page, sessionId);
  const damagedPages = await page.evaluate(() => (window as unknown as TestWindow).libragent.diagnostics.damageSearchIndex(true));
  expect(damagedPages).toBeGreaterThan(0);
  await page.reload();
  await app.waitUntilReady();
  dialog = await openSearch(page, 'falcons');
  await expect(results(page)).toHaveCount(1);
  await expect(results(page).first()).toContainText('kestrels and falcons');
  await expect(dialog.getByRole('status')).toContainText(/1 result in \d+ ms/);
  await expect(dialog.getByRole('status')).not.toContainText('Indexing');
  // The rebuild left its record: the session was indexed again after the damage.
  await expect.poll(async () => (await indexStatusOf(page, sessionId))?.lastIndexedAt).toBeGreaterThan(before!.lastIndexedAt);
  await dialog.getByText('Index status').click();
  await dialog.getByRole('button', { name: 'Rebuild now' }).click();
  await expect(dialog.getByRole('button', { name: 'Rebuild now' })).toBeEnabled();
  await expect(dialog.getByRole('row', { name: /Kept/ })).toContainText('2 items');
  await expect(dialog.getByRole('row', { name: /Kept/ })).not.toContainText('changes pending');
  expect(await workspaceFiles(page, sessionId)).not.toContain('search-index.json');
});

test('Japanese, Chinese and Thai are found by a word inside unspaced text, and a word that is not there finds nothing', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await seedSession(
    page,
    'Languages',
    [
      { role: 'user', content: '私は寿司が好きです。東京へ行きます。' },
      { role: 'assistant', content: '我喜欢学习中文，数据库很快。' },
      { role: 'user', content: 'ภาษาไทยง่ายนิดเดียว' },
    ],
    'lang',
  );
  await page.reload();
  await app.waitUntilReady();

  const dialog = await openSearch(page, '寿司');
  await expect(results(page)).toHaveCount(1);
  await expect(results(page).first()).toContainText('私は寿司が好きです');
  await expect(results(page).first().locator('mark').first()).toHaveText('寿司');
  const searchbox = dialog.getByRole('searchbox');
  await searchbox.fill('学习');
  await expect(results(page)).toHaveCount(1);
  await expect(results(page).first()).toContainText('我喜欢学习中文');
  await searchbox.fill('ง่าย');
  await expect(results(page)).toHaveCount(1);
  await expect(results(page).first()).toContainText('ภาษาไทยง่ายนิดเดียว');
  await searchbox.fill('大阪');
  await expect(dialog.getByText('No messages or documents match.')).toBeVisible();
  await expect(results(page)).toHaveCount(0);
});
