import { expect, test, type Page } from '@playwright/test';
import { AppPage, type TestWindow } from './support/app';
import { startMockGemini, type MockGemini } from '../test-support/mock-gemini';

let mock: MockGemini;
test.beforeAll(async () => {
  mock = await startMockGemini();
});
test.afterAll(async () => {
  await mock.close();
});

const answers = (page: Page) => page.getByRole('list', { name: 'Messages' }).getByRole('article', { name: 'Assistant message' });

async function useGemini(app: AppPage): Promise<void> {
  await app.goto();
  await app.waitUntilReady();
  await app.page.evaluate(async (url) => {
    const api = (window as unknown as TestWindow).libragent;
    const provider = await api.providers.save({ kind: 'gemini', name: 'Gemini mock', baseUrl: url, apiKey: 'good-key' });
    await api.assistants.create({
      name: 'Gemmy',
      systemPrompt: 'Answer briefly.',
      modelSettings: { providerId: provider.id, model: 'gemini-mock' },
      allowedTools: ['add_content', 'list_content', 'read_content', 'keyword_search', 'delete_content'],
    });
  }, mock.url);
  await app.page.reload();
  await app.waitUntilReady();
  await app.newSession({ assistant: 'Gemmy' });
}

test('a Gemini provider streams thoughts and text through streamGenerateContent?alt=sse', async ({ page }) => {
  const app = new AppPage(page);
  await useGemini(app);
  // The partial answer is on screen first: the mock holds the last word until the test saw it.
  const release = mock.holdLastWord();
  await app.sendOnly('Say hello');
  const answer = answers(page).last();
  await expect(answer).toContainText('Hello from');
  await expect(answer).not.toContainText('Gemini.');
  release();
  await expect(answer).toContainText('Hello from Gemini.');
  await answer.getByText('Thinking', { exact: true }).click();
  await expect(answer).toContainText('Pondering the greeting.');
  const request = mock.requests.find((r) => JSON.stringify(r.body.contents).includes('Say hello'))!;
  expect(request.url).toBe('/v1beta/models/gemini-mock:streamGenerateContent?alt=sse');
  expect(request.body.systemInstruction).toEqual({ parts: [{ text: 'Answer briefly.' }] });
  expect(request.body.tools?.[0].functionDeclarations.map((tool) => tool.name)).toContain('keyword_search');
  await expect(page.getByRole('heading', { name: 'Gemini Title' })).toBeVisible();
});

test('a functionCall runs the tool and its functionResponse goes back with the thought signature', async ({ page }) => {
  const app = new AppPage(page);
  await useGemini(app);
  await app.sendOnly('tool please');
  await expect(answers(page).last()).toContainText('You have 0 documents.', { timeout: 15_000 });
  const card = answers(page).first().locator('details', { hasText: 'Tool call' });
  await expect(card).toContainText('list_content');
  await expect(card).toContainText('done');
  // The request that carried the tool's result (a title request may come after it).
  const contents = mock.requests.find((r) => JSON.stringify(r.body.contents).includes('functionResponse'))!.body.contents;
  expect(contents.at(-2)).toEqual({
    role: 'model',
    parts: [{ functionCall: { name: 'list_content', args: { offset: 0, limit: 5 } }, thoughtSignature: 'gsig-1' }],
  });
  expect(contents.at(-1)).toMatchObject({
    role: 'user',
    parts: [{ functionResponse: { name: 'list_content', response: { items: [], offset: 0, limit: 5 } } }],
  });
});

test("Gemini's error body (429 RESOURCE_EXHAUSTED) and an error inside the stream are shown, and Retry recovers", async ({
  page,
}) => {
  const app = new AppPage(page);
  await useGemini(app);
  await app.sendOnly('please fail 429');
  const failed = answers(page).last();
  await expect(failed.getByRole('alert')).toContainText(/Too many requests \(429\).*Resource has been exhausted/, {
    timeout: 15_000,
  });
  await failed.getByRole('button', { name: 'Retry' }).click();
  await expect(answers(page).last()).toContainText('Hello from Gemini.', { timeout: 15_000 });

  await app.sendOnly('a stream error please');
  const broken = answers(page).last();
  await expect(broken.getByRole('alert')).toContainText(/Internal error encountered/, { timeout: 15_000 });
  await expect(broken).toContainText('Half an ans');
  await broken.getByRole('button', { name: 'Retry' }).click();
  await expect(answers(page).last()).toContainText('Hello from Gemini.', { timeout: 15_000 });
});
