import { expect, test, type Page } from '@playwright/test';
import { AppPage, type TestWindow } from './support/app';
import { startMockAnthropic, type MockAnthropic } from '../test-support/mock-anthropic';

let mock: MockAnthropic;
test.beforeAll(async () => {
  mock = await startMockAnthropic();
});
test.afterAll(async () => {
  await mock.close();
});

const answers = (page: Page) => page.getByRole('list', { name: 'Messages' }).getByRole('article', { name: 'Assistant message' });
const activeSessionId = (page: Page) => page.evaluate(() => decodeURIComponent(location.hash.split('/')[2]));

async function useClaude(app: AppPage): Promise<void> {
  await app.goto();
  await app.waitUntilReady();
  await app.page.evaluate(async (url) => {
    const api = (window as unknown as TestWindow).libragent;
    const provider = await api.providers.save({ kind: 'anthropic', name: 'Claude mock', baseUrl: url, apiKey: 'good-key' });
    await api.assistants.create({
      name: 'Claudy',
      modelSettings: { providerId: provider.id, model: 'claude-mock-1' },
      allowedTools: ['add_content', 'list_content', 'read_content', 'keyword_search', 'delete_content'],
    });
  }, mock.url);
  await app.page.reload();
  await app.waitUntilReady();
  await app.newSession({ assistant: 'Claudy' });
}

test('set up in the UI: an Anthropic provider streams text and signed thinking, with the browser-access header', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await page.getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByRole('button', { name: 'Anthropic preset' }).click();
  await expect(settings.getByRole('combobox', { name: 'API' })).toHaveValue('anthropic');
  await expect(settings.getByRole('textbox', { name: 'Base URL' })).toHaveValue('https://api.anthropic.com/v1');
  await settings.getByRole('textbox', { name: 'Base URL' }).fill(mock.url);
  await settings.getByLabel('API key').fill('good-key');
  await settings.getByRole('button', { name: 'Add provider' }).click();
  const list = settings.getByRole('list', { name: 'Providers' });
  await expect(list).toContainText('Anthropic');
  await expect(list).toContainText('key ••••-key');
  await settings.screenshot({ path: 'test-results/provider-settings.png' });
  await settings.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('button', { name: 'Assistants' }).click();
  const assistants = page.getByRole('dialog', { name: 'Assistants' });
  await assistants.getByRole('button', { name: 'New assistant' }).click();
  await assistants.getByRole('textbox', { name: 'Name' }).fill('Claudy');
  await assistants.getByRole('textbox', { name: 'System prompt' }).fill('You are tested against a mock.');
  await assistants.getByRole('combobox', { name: 'Provider' }).selectOption({ label: 'Anthropic' });
  await assistants.getByRole('button', { name: 'Load models' }).click();
  await expect(assistants.getByText('2 models available.')).toBeVisible();
  await assistants.getByRole('combobox', { name: 'Model' }).fill('claude-mock-1');
  await assistants.getByRole('button', { name: 'Save assistant' }).click();
  await assistants.getByRole('button', { name: 'Close' }).click();

  await app.newSession({ assistant: 'Claudy' });
  // The partial answer is on screen first: the mock holds the last word until the test saw it.
  const release = mock.holdLastWord();
  await app.sendOnly('Say hello');
  const answer = answers(page).last();
  await expect(answer).toContainText('Hello from');
  await expect(answer).not.toContainText('Claude.');
  release();
  await expect(answer).toContainText('Hello from Claude.');
  await answer.getByText('Thinking', { exact: true }).click();
  await expect(answer).toContainText('Thinking about it.');
  const { headers, body } = mock.requests.find((r) => JSON.stringify(r.body.messages).includes('Say hello'))!;
  expect(headers['anthropic-dangerous-direct-browser-access']).toBe('true');
  expect(headers['anthropic-version']).toBe('2023-06-01');
  expect(body.system).toBe('You are tested against a mock.');
  expect(body.tools?.map((tool) => tool.name)).toContain('read_content');
  await expect(page.getByRole('heading', { name: 'Claude Title' })).toBeVisible();

  // The signature is stored with the thinking and goes back on the next turn.
  const sessionId = await activeSessionId(page);
  const stored = await page.evaluate(
    async (id) => (await (window as unknown as TestWindow).libragent.messages.history(id)).items,
    sessionId,
  );
  expect(stored.find((m) => m.role === 'assistant')).toMatchObject({
    thinking: 'Thinking about it.',
    thinkingSignature: 'sig-hello-456',
  });
  await app.send('And again');
  const next = mock.requests.find((r) => JSON.stringify(r.body.messages).includes('And again'))!.body.messages;
  expect(next[1]).toEqual({
    role: 'assistant',
    content: [
      { type: 'thinking', thinking: 'Thinking about it.', signature: 'sig-hello-456' },
      { type: 'text', text: 'Hello from Claude.' },
    ],
  });
});

test('tool use split across input_json_delta events runs, and its result goes back as tool_result with the signed thinking', async ({
  page,
}) => {
  const app = new AppPage(page);
  await useClaude(app);
  await app.sendOnly('tool please');
  await expect(answers(page).last()).toContainText('You have 0 documents.', { timeout: 15_000 });
  const card = answers(page).first().locator('details', { hasText: 'Tool call' });
  await expect(card).toContainText('list_content');
  await expect(card).toContainText('done');
  // The request that carried the tool's result (a title request may come after it).
  const second = mock.requests.find((r) => JSON.stringify(r.body.messages).includes('tool_result'))!.body.messages;
  expect(second.at(-2)).toEqual({
    role: 'assistant',
    content: [
      { type: 'thinking', thinking: 'I should list the documents.', signature: 'sig-tool-123' },
      { type: 'tool_use', id: 'toolu_1', name: 'list_content', input: { offset: 0, limit: 5 } },
    ],
  });
  expect(second.at(-1)).toMatchObject({ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1' }] });
});

test('an overloaded_error (529) and an error event mid-stream are shown in plain words, and Retry recovers', async ({ page }) => {
  const app = new AppPage(page);
  await useClaude(app);
  await app.sendOnly('are you overloaded');
  const failed = answers(page).last();
  await expect(failed.getByRole('alert')).toContainText(/failed to answer \(529\).*Overloaded/, { timeout: 15_000 });
  await failed.getByRole('button', { name: 'Retry' }).click();
  await expect(answers(page).last()).toContainText('Hello from Claude.', { timeout: 15_000 });

  await app.sendOnly('a stream error please');
  const broken = answers(page).last();
  await expect(broken.getByRole('alert')).toContainText(/reported an error while answering.*Overloaded/, { timeout: 15_000 });
  await expect(broken).toContainText('Half an ans');
  await broken.getByRole('button', { name: 'Retry' }).click();
  await expect(answers(page).last()).toContainText('Hello from Claude.', { timeout: 15_000 });
  await expect(answers(page).last().getByRole('alert')).toHaveCount(0);
});

test('Stop keeps the partial Anthropic answer; a wrong key is reported and never shown', async ({ page }) => {
  const app = new AppPage(page);
  await useClaude(app);
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

  await page.evaluate(async () => {
    const api = (window as unknown as TestWindow).libragent;
    const [provider] = await api.providers.list();
    await api.providers.save({ id: provider.id, name: provider.name, baseUrl: provider.baseUrl, apiKey: 'wrong-secret-key' });
  });
  await app.sendOnly('hello?');
  const failed = answers(page).last();
  await expect(failed.getByRole('alert')).toContainText(/rejected the API key \(401\)/, { timeout: 15_000 });
  await expect(failed).not.toContainText('wrong-secret-key');
});
