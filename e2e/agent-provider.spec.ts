import { expect, test, type Page } from '@playwright/test';
import { AppPage, type TestWindow } from './support/app';
import { startMockOpenAI, type MockOpenAI } from '../test-support/mock-openai';

let mock: MockOpenAI;
test.beforeAll(async () => {
  mock = await startMockOpenAI();
});
test.afterAll(async () => {
  await mock.close();
});

const answers = (page: Page) => page.getByRole('list', { name: 'Messages' }).getByRole('article', { name: 'Assistant message' });

/** A provider pointing at the mock server and an assistant using it, through the API. */
async function useMockAssistant(app: AppPage, query = ''): Promise<void> {
  await app.goto(query);
  await app.waitUntilReady();
  await app.page.evaluate(async (url) => {
    const api = (window as unknown as TestWindow).libragent;
    const provider = await api.providers.save({ name: 'Mock', baseUrl: url, apiKey: 'good-key' });
    await api.assistants.create({
      name: 'Mocky',
      modelSettings: { providerId: provider.id, model: 'mock-small' },
      allowedTools: ['add_content', 'list_content', 'read_content', 'keyword_search', 'delete_content'],
    });
  }, mock.url);
  await app.page.reload();
  await app.waitUntilReady();
  await app.newSession({ assistant: 'Mocky' });
}

test('set up in the UI: the provider key is masked, the model list is fetched, and the answer streams token by token', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await page.getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByRole('button', { name: 'Ollama preset' }).click();
  await expect(settings.getByRole('textbox', { name: 'Base URL' })).toHaveValue('http://localhost:11434/v1');
  await settings.getByRole('textbox', { name: 'Provider name' }).fill('Mock');
  await settings.getByRole('textbox', { name: 'Base URL' }).fill(mock.url);
  await settings.getByLabel('API key').fill('good-key');
  await settings.getByRole('button', { name: 'Add provider' }).click();
  await expect(settings.getByRole('list', { name: 'Providers' })).toContainText('key ••••-key');
  await expect(settings.getByRole('list', { name: 'Providers' })).not.toContainText('good-key');
  const views = await page.evaluate(() => (window as unknown as TestWindow).libragent.providers.list());
  expect(JSON.stringify(views)).not.toContain('good-key');
  await settings.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('button', { name: 'Assistants' }).click();
  const assistants = page.getByRole('dialog', { name: 'Assistants' });
  await assistants.getByRole('button', { name: 'New assistant' }).click();
  await assistants.getByRole('textbox', { name: 'Name' }).fill('Mocky');
  await assistants.getByRole('textbox', { name: 'System prompt' }).fill('You are tested against a mock.');
  await assistants.getByRole('combobox', { name: 'Provider' }).selectOption({ label: 'Mock' });
  await assistants.getByRole('button', { name: 'Load models' }).click();
  await expect(assistants.getByText('2 models available.')).toBeVisible();
  await assistants.getByRole('combobox', { name: 'Model' }).fill('mock-small');
  await assistants.getByRole('button', { name: 'Save assistant' }).click();
  await assistants.getByRole('button', { name: 'Close' }).click();

  await app.newSession({ assistant: 'Mocky' });
  // Token by token: a partial answer is on screen before the whole one (the mock holds the last
  // word until the test has seen it, so no timing window has to be caught).
  const release = mock.holdLastWord();
  await app.sendOnly('Say hello');
  const answer = answers(page).last();
  await expect(answer).toContainText('Hello from the mock');
  await expect(page.getByRole('button', { name: 'Stop' })).toBeVisible();
  await expect(answer).not.toContainText('model.');
  release();
  await expect(answer).toContainText('Hello from the mock model.');
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
  await answer.getByText('Thinking', { exact: true }).click();
  await expect(answer).toContainText('Thinking about it.');
  const request = mock.requests.find((r) => r.body.messages.at(-1)?.content === 'Say hello')!.body;
  expect(request.messages[0]).toEqual({ role: 'system', content: 'You are tested against a mock.' });
  expect(request.messages.at(-1)).toMatchObject({ role: 'user', content: 'Say hello' });
  expect(request.tools?.length).toBe(5);
  // The model named the session after its first exchange.
  await expect(page.getByRole('heading', { name: 'Mock Title' })).toBeVisible();
  await expect(app.sessionButtons().first()).toContainText('Mock Title');
});

test('a tool call round trip: the call, its result as a tool message, then the answer', async ({ page }) => {
  const app = new AppPage(page);
  await useMockAssistant(app);
  await app.sendOnly('tool please');
  await expect(answers(page).last()).toContainText('You have 0 documents.', { timeout: 15_000 });
  const card = answers(page).first().locator('details', { hasText: 'Tool call' });
  await expect(card).toContainText('list_content');
  await expect(card).toContainText('done');
  await card.locator('summary').click();
  await expect(card).toContainText('"limit": 5');
  const toolMessage = mock.requests.map((r) => r.body.messages.at(-1)!).find((m) => m.role === 'tool');
  expect(toolMessage).toMatchObject({ role: 'tool', tool_call_id: 'call_1' });
});

test('Stop keeps the partial answer; a reload mid-stream keeps it too and marks it interrupted', async ({ page }) => {
  const app = new AppPage(page);
  await useMockAssistant(app);
  await app.sendOnly('slow one');
  await expect(answers(page).last()).toContainText('word3');
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
  const stopped = await answers(page).last().innerText();
  // Once the stored answer is final nothing more is written to it: the screen still shows the part.
  const stored = await app.finalAnswer();
  expect(await answers(page).last().innerText()).toBe(stopped);
  expect(stored.content).toContain('word3');
  expect(stored.content).not.toContain('word40');
  expect(stopped).not.toContain('word40');

  const before = await answers(page).count();
  await app.sendOnly('slow two');
  await expect(answers(page)).toHaveCount(before + 1);
  await expect(answers(page).last()).toContainText('word4');
  await page.reload();
  await app.waitUntilReady();
  const cut = answers(page).last();
  await expect(cut).toContainText('word4');
  await expect(cut.getByRole('alert')).toContainText('Interrupted');
});

for (const [prompt, words] of [
  ['fail 429', /429.*7 s/],
  ['fail 500', /500|server/i],
  ['fail stream', /not valid JSON/i],
] as const) {
  test(`an error (${prompt}) is stored on the answer in plain words, and Retry recovers`, async ({ page }) => {
    const app = new AppPage(page);
    await useMockAssistant(app);
    await app.sendOnly(`please ${prompt}`);
    const failed = answers(page).last();
    await expect(failed.getByRole('alert')).toContainText(words, { timeout: 15_000 });
    await expect(app.userMessages().last()).toContainText(`please ${prompt}`);
    await failed.getByRole('button', { name: 'Retry' }).click();
    await expect(answers(page).last()).toContainText('Hello from the mock model.', { timeout: 15_000 });
    await expect(answers(page).last().getByRole('alert')).toHaveCount(0);
  });
}

test('a wrong key is reported as such and never shown', async ({ page }) => {
  const app = new AppPage(page);
  await useMockAssistant(app);
  await page.evaluate(async () => {
    const api = (window as unknown as TestWindow).libragent;
    const [provider] = await api.providers.list();
    await api.providers.save({ id: provider.id, name: provider.name, baseUrl: provider.baseUrl, apiKey: 'wrong-secret-key' });
  });
  await app.sendOnly('hello?');
  const failed = answers(page).last();
  await expect(failed.getByRole('alert')).toContainText(/401|key/i, { timeout: 15_000 });
  await expect(failed).not.toContainText('wrong-secret-key');
});

test('a provider that cannot be reached is reported in plain words and the question is kept', async ({ page }) => {
  const app = new AppPage(page);
  await useMockAssistant(app);
  await page.evaluate(async () => {
    const api = (window as unknown as TestWindow).libragent;
    const [provider] = await api.providers.list();
    // Port 9 (discard) on the loopback address: nothing listens there.
    await api.providers.save({ id: provider.id, name: provider.name, baseUrl: 'http://127.0.0.1:9/v1' });
  });
  await app.sendOnly('anyone there?');
  const failed = answers(page).last();
  await expect(failed.getByRole('alert')).toContainText(/Could not reach the provider.*CORS/, { timeout: 15_000 });
  await expect(failed.getByRole('button', { name: 'Retry' })).toBeVisible();
  await expect(app.userMessages().last()).toContainText('anyone there?');
});
