import { expect, test } from '@playwright/test';
import { AppPage, type TestWindow } from './support/app';

test.describe('sessions', () => {
  test('create with a chosen assistant, rename, filter, and delete with everything it owns', async ({ page }) => {
    const app = new AppPage(page);
    await app.goto();
    await app.waitUntilReady();

    await page.getByRole('button', { name: 'Assistants' }).click();
    const assistants = page.getByRole('dialog', { name: 'Assistants' });
    await assistants.getByRole('button', { name: 'New assistant' }).click();
    await assistants.getByRole('textbox', { name: 'Name' }).fill('Travel planner');
    await assistants.getByRole('textbox', { name: 'Description' }).fill('Plans trips');
    await assistants.getByRole('button', { name: 'Save assistant' }).click();
    await expect(assistants.getByRole('list', { name: 'Assistants' })).toContainText('Travel planner');
    await assistants.getByRole('button', { name: 'Close' }).click();

    await app.newSession({ name: 'Lisbon in May', assistant: 'Travel planner' });
    await expect(page.getByRole('heading', { name: 'Lisbon in May' })).toBeVisible();
    await expect(page.getByTitle('Assistant of this session')).toHaveText('Travel planner');
    await app.send('Find flights');
    await app.newSession({ name: 'Groceries' });
    await expect(page.getByTitle('Assistant of this session')).toHaveText('LibrAgent');

    await page.getByRole('button', { name: 'Rename' }).click();
    const rename = page.getByRole('dialog', { name: 'Rename session' });
    await rename.getByRole('textbox', { name: 'Name' }).fill('Weekly groceries');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await expect(page.getByRole('heading', { name: 'Weekly groceries' })).toBeVisible();
    await expect(app.sessionButtons().first()).toContainText('Weekly groceries');

    await page.getByRole('searchbox', { name: 'Filter sessions' }).fill('lisb');
    await expect(app.sessionButtons()).toHaveCount(1);
    await expect(app.sessionButtons().first()).toContainText('Lisbon in May');
    await page.getByRole('searchbox', { name: 'Filter sessions' }).fill('nothing like this');
    await expect(page.getByText('No session name contains')).toBeVisible();
    await page.getByRole('searchbox', { name: 'Filter sessions' }).fill('');

    // Delete the Lisbon session: first cancel, then confirm.
    await app.sessionButtons().filter({ hasText: 'Lisbon in May' }).getByRole('button').click();
    const sessionId = await page.evaluate(() => decodeURIComponent(location.hash.split('/')[2]));
    // Give it a document too, so its store, contents and chunks exist before the deletion.
    const before = await page.evaluate(async (id) => {
      const api = (window as unknown as TestWindow).libragent;
      await api.content.addText(id, 'itinerary.md', 'Day 1: Alfama\nDay 2: Belém\n');
      return { footprint: await api.diagnostics.sessionFootprint(id), folder: await api.diagnostics.workspaceFolderExists(id) };
    }, sessionId);
    expect(before.footprint).toMatchObject({ sessions: 1, stores: 1, contents: 1, chunks: 1, indexMeta: 1, messageCounts: 1 });
    expect(before.footprint.messages).toBeGreaterThan(0);
    expect(before.folder).toBe(true);
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete “Lisbon in May”?' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(app.sessionButtons()).toHaveCount(2);
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await confirm.getByRole('button', { name: 'Delete session' }).click();
    await expect(app.sessionButtons()).toHaveCount(1);
    await expect(page.getByRole('heading', { name: 'Weekly groceries' })).toBeVisible();

    const after = await page.evaluate(async (id) => {
      const api = (window as unknown as TestWindow).libragent;
      return { footprint: await api.diagnostics.sessionFootprint(id), folder: await api.diagnostics.workspaceFolderExists(id) };
    }, sessionId);
    expect(after.footprint).toEqual({
      sessions: 0,
      messages: 0,
      indexMeta: 0,
      messageCounts: 0,
      stores: 0,
      contents: 0,
      chunks: 0,
    });
    expect(after.folder).toBe(false);
  });

  test('assistants: edit, refuse deleting one in use, never delete the default', async ({ page }) => {
    const app = new AppPage(page);
    await app.goto();
    await app.waitUntilReady();
    await page.getByRole('button', { name: 'Assistants' }).click();
    const dialog = page.getByRole('dialog', { name: 'Assistants' });
    await dialog.getByRole('button', { name: 'New assistant' }).click();
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Coder');
    await dialog.getByRole('textbox', { name: 'System prompt' }).fill('Answer with code.');
    await dialog.getByRole('checkbox', { name: 'delete_content' }).uncheck();
    await dialog.getByRole('combobox', { name: 'Model' }).fill('qwen2.5-coder');
    await dialog.getByRole('textbox', { name: 'Temperature' }).fill('5');
    await dialog.getByRole('button', { name: 'Save assistant' }).click();
    await expect(dialog.getByRole('alert')).toContainText('Temperature must be a number from 0 to 2');
    await dialog.getByRole('textbox', { name: 'Temperature' }).fill('0.2');
    await dialog.getByRole('button', { name: 'Save assistant' }).click();

    await dialog.getByRole('button', { name: 'Edit Coder' }).click();
    await expect(dialog.getByRole('textbox', { name: 'System prompt' })).toHaveValue('Answer with code.');
    await expect(dialog.getByRole('checkbox', { name: 'delete_content' })).not.toBeChecked();
    await dialog.getByRole('textbox', { name: 'Description' }).fill('Writes code');
    await dialog.getByRole('button', { name: 'Save assistant' }).click();
    await expect(dialog.getByRole('list', { name: 'Assistants' })).toContainText('Writes code');
    const stored = await page.evaluate(() => (window as unknown as TestWindow).libragent.assistants.list());
    expect(stored.find((a) => a.name === 'Coder')).toMatchObject({
      systemPrompt: 'Answer with code.',
      modelSettings: { model: 'qwen2.5-coder', temperature: 0.2 },
      allowedTools: ['add_content', 'list_content', 'read_content', 'keyword_search'],
    });

    await dialog.getByRole('button', { name: 'Edit LibrAgent' }).click();
    await expect(dialog.getByRole('button', { name: 'Delete assistant' })).toHaveCount(0);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.getByRole('button', { name: 'Close' }).click();

    await app.newSession({ assistant: 'Coder' });
    await page.getByRole('button', { name: 'Assistants' }).click();
    await dialog.getByRole('button', { name: 'Edit Coder' }).click();
    await dialog.getByRole('button', { name: 'Delete assistant' }).click();
    await expect(dialog.getByRole('alert')).toContainText('Coder is used by 1 session');
    await expect(page.getByTitle('Assistant of this session')).toHaveText('Coder');
  });
});

test('keyboard: Ctrl+K opens search, Ctrl+Shift+O starts a session, Escape closes dialogs', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await page.keyboard.press('Control+Shift+O');
  const dialog = page.getByRole('dialog', { name: 'New session' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('textbox', { name: 'Name (optional)' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await page.keyboard.press('Control+k');
  await expect(page.getByRole('searchbox', { name: 'Search messages and documents' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Search' })).toBeHidden();
});

test('drafts are kept per session across switches and reloads', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await app.newSession({ name: 'First' });
  await app.composer().fill('half-written thought');
  await app.newSession({ name: 'Second' });
  await expect(app.composer()).toHaveValue('');
  await app.composer().fill('another draft');
  await page.reload();
  await app.waitUntilReady();
  await expect(app.composer()).toHaveValue('another draft');
  await app.sessionButtons().filter({ hasText: 'First' }).getByRole('button').click();
  await expect(app.composer()).toHaveValue('half-written thought');
  await app.composer().press('Enter');
  await expect(app.userMessages()).toHaveCount(1);
  await page.reload();
  await app.waitUntilReady();
  await expect(app.composer()).toHaveValue('');
});

test('message actions: edit your message, delete a message, copy text', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await app.newSession();
  await app.send('Wrong words');
  await app.send('Keep me');

  const first = app.userMessages().first();
  await first.getByRole('button', { name: 'Edit message' }).click();
  // Two lines: the line break must be stored as typed, not only look right.
  await first.getByRole('textbox', { name: 'Edit message' }).fill('Right words\non two lines');
  await first.getByRole('button', { name: 'Save' }).click();
  await expect(first.getByRole('textbox', { name: 'Edit message' })).toHaveCount(0);
  await expect(first).toContainText('Right words');

  await first.getByRole('button', { name: 'Copy message text' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('Right words\non two lines');

  const last = app.userMessages().last();
  await last.getByRole('button', { name: 'Delete message' }).click();
  await page.getByRole('dialog', { name: 'Delete this message?' }).getByRole('button', { name: 'Delete message' }).click();
  await expect(app.userMessages()).toHaveCount(1);

  // After a reload: the edit is there, with its line break, and the deleted message is not.
  await page.reload();
  await app.waitUntilReady();
  await expect(app.userMessages()).toHaveCount(1);
  await expect(app.userMessages().first()).not.toContainText('Keep me');
  const stored = await page.evaluate(async () => {
    const api = (window as unknown as TestWindow).libragent;
    const [session] = await api.sessions.list();
    const { items } = await api.messages.history(session.id);
    return items.map((message) => ({ role: message.role, content: message.content }));
  });
  expect(stored.filter((message) => message.role === 'user')).toEqual([{ role: 'user', content: 'Right words\non two lines' }]);
  await first.getByRole('button', { name: 'Copy message text' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('Right words\non two lines');
});

test('Enter pressed again while a session is being created makes no second session', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await page.getByRole('button', { name: 'Start a session' }).click();
  const dialog = page.getByRole('dialog', { name: 'New session' });
  const name = dialog.getByRole('textbox', { name: 'Name (optional)' });
  await name.fill('Only once');
  // The dialog stays open while the session is made and opened: what a second Enter meets.
  await name.press('Enter');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Only once' })).toBeVisible();
  const sessions = await page.evaluate(() => (window as unknown as TestWindow).libragent.sessions.list());
  expect(sessions.map((session) => session.name)).toEqual(['Only once']);
});

test('works at 360 px: the session list is a drawer', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await page.getByRole('button', { name: 'Start a session' }).click();
  const dialog = page.getByRole('dialog', { name: 'New session' });
  await dialog.getByRole('button', { name: 'Create session' }).click();
  // The dialog stays open while the session is made and opened, and the composer already shows behind
  // it: inert under the modal, so text filled in then is lost (fill does not count that as inert).
  await expect(dialog).toBeHidden();
  await app.send('hello from a phone');
  const nav = page.getByRole('navigation', { name: 'Sessions' });
  await expect(nav).not.toBeInViewport();
  await page.getByRole('button', { name: 'Show sessions' }).click();
  await expect(nav).toBeInViewport();
  await app.sessionButtons().first().getByRole('button').click();
  await expect(nav).not.toBeInViewport();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('a saved setting the app refuses is used with its default, said so in Settings, and replaced by the next save', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  // As an older version, or a hand-edited file, could have left it.
  await page.evaluate(() => (window as unknown as TestWindow).libragent.diagnostics.storeRawSetting('agent', '{"maxSteps": -5}'));
  await app.newSession({ name: 'Still answering' });
  await app.send('hello');
  await expect(page.getByRole('article', { name: 'Assistant message' }).last().getByRole('alert')).toHaveCount(0);

  await page.getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  const warning = settings.getByRole('alert').filter({ hasText: 'Some saved settings were not valid' });
  await expect(warning).toContainText('Answers: Steps per answer');
  // Seen at once, at the top of the dialog, not below the form near Save.
  await expect(warning).toBeInViewport();
  await expect(settings.getByRole('textbox', { name: 'Most steps (tool rounds) per answer' })).toHaveValue('8');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(settings.getByRole('status')).toContainText('Saved.');
  await expect(warning).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as TestWindow).libragent.settings.problems())).toEqual([]);
});
