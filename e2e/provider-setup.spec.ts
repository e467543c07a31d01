import { expect, test } from '@playwright/test';
import { AppPage, openAssistants, openSettings } from './support/app';
import { startMockGemini, type MockGemini } from '../test-support/mock-gemini';

/**
 * A provider set up the way a user does it: a preset clicked in Settings, the address and key
 * typed, an assistant made in the Assistants dialog with its models loaded from the provider,
 * an answer streamed, and the provider removed (refused while an assistant uses it).
 */

let mock: MockGemini;
test.beforeAll(async () => {
  mock = await startMockGemini();
});
test.afterAll(async () => {
  await mock.close();
});

test('Gemini from its preset: typed in Settings, used by an assistant made in the UI, answered, then removed', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();

  const settings = await openSettings(page);
  const kind = settings.getByRole('combobox', { name: 'API' });
  const name = settings.getByRole('textbox', { name: 'Provider name' });
  const baseUrl = settings.getByRole('textbox', { name: 'Base URL' });
  await settings.getByRole('button', { name: 'Anthropic preset' }).click();
  await expect(kind).toHaveValue('anthropic');
  await expect(name).toHaveValue('Anthropic');
  await expect(baseUrl).toHaveValue('https://api.anthropic.com/v1');
  await settings.getByRole('button', { name: 'Ollama preset' }).click();
  await expect(kind).toHaveValue('openai-compatible');
  await expect(baseUrl).toHaveValue('http://localhost:11434/v1');
  await settings.getByRole('button', { name: 'Gemini preset' }).click();
  await expect(kind).toHaveValue('gemini');
  await expect(name).toHaveValue('Gemini');
  await expect(baseUrl).toHaveValue('https://generativelanguage.googleapis.com/v1beta');
  // The mock stands where Google's address would be.
  await baseUrl.fill(mock.url);
  await settings.getByLabel('API key').fill('good-key');
  await settings.getByRole('button', { name: 'Add provider' }).click();
  const list = settings.getByRole('list', { name: 'Providers' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list).toContainText('Gemini');
  await expect(list).toContainText('Google Gemini');
  await expect(list).toContainText('key ••••-key');
  await settings.getByRole('button', { name: 'Close' }).click();

  const assistants = await openAssistants(page);
  await assistants.getByRole('button', { name: 'New assistant' }).click();
  await assistants.getByRole('textbox', { name: 'Name' }).fill('Gemmy');
  await assistants.getByRole('textbox', { name: 'System prompt' }).fill('Answer briefly.');
  await assistants.getByRole('combobox', { name: 'Provider' }).selectOption({ label: 'Gemini' });
  await assistants.getByRole('button', { name: 'Load models' }).click();
  await expect(assistants.getByText('2 models available.')).toBeVisible();
  await expect(assistants.locator('#provider-models option')).toHaveCount(2);
  await assistants.getByRole('combobox', { name: 'Model' }).fill('gemini-mock');
  await assistants.getByRole('button', { name: 'Save assistant' }).click();
  await expect(assistants.getByRole('list', { name: 'Assistants' })).toContainText('Gemmy');
  await assistants.getByRole('button', { name: 'Close' }).click();

  await app.newSession({ assistant: 'Gemmy' });
  await app.send('Say hello');
  const answers = page.getByRole('list', { name: 'Messages' }).getByRole('article', { name: 'Assistant message' });
  await expect(answers.last()).toContainText('Hello from Gemini.');
  const request = mock.requests.find((r) => JSON.stringify(r.body.contents).includes('Say hello'))!;
  expect(request.url).toBe('/v1beta/models/gemini-mock:streamGenerateContent?alt=sse');
  expect(request.body.systemInstruction).toEqual({ parts: [{ text: 'Answer briefly.' }] });

  // Removing it is refused while Gemmy uses it, and nothing is removed.
  const again = await openSettings(page);
  await again.getByRole('button', { name: 'Remove provider Gemini' }).click();
  const confirm = page.getByRole('dialog', { name: 'Remove Gemini?' });
  await expect(confirm).toContainText('saved key');
  await confirm.getByRole('button', { name: 'Remove provider' }).click();
  await expect(again.getByRole('alert')).toHaveText('Used by Gemmy: choose another provider for them first.');
  await expect(again.getByRole('list', { name: 'Providers' }).getByRole('listitem')).toHaveCount(1);
  await again.getByRole('button', { name: 'Close' }).click();

  // Gemmy answers offline instead; then the provider goes, and stays gone after a reload.
  const editor = await openAssistants(page);
  await editor.getByRole('button', { name: 'Edit Gemmy' }).click();
  await editor
    .getByRole('combobox', { name: 'Provider' })
    .selectOption({ label: "None: answer offline from the session's documents" });
  await editor.getByRole('button', { name: 'Save assistant' }).click();
  await editor.getByRole('button', { name: 'Close' }).click();
  const last = await openSettings(page);
  // Cancel keeps it.
  await last.getByRole('button', { name: 'Remove provider Gemini' }).click();
  await page.getByRole('dialog', { name: 'Remove Gemini?' }).getByRole('button', { name: 'Cancel' }).click();
  await expect(last.getByRole('list', { name: 'Providers' }).getByRole('listitem')).toHaveCount(1);
  await last.getByRole('button', { name: 'Remove provider Gemini' }).click();
  await page.getByRole('dialog', { name: 'Remove Gemini?' }).getByRole('button', { name: 'Remove provider' }).click();
  await expect(last.getByRole('list', { name: 'Providers' })).toHaveCount(0);
  await expect(last.getByRole('alert')).toHaveCount(0);

  await page.reload();
  await app.waitUntilReady();
  const reloaded = await openSettings(page);
  await expect(reloaded.getByRole('textbox', { name: 'Provider name' })).toBeVisible();
  await expect(reloaded.getByRole('list', { name: 'Providers' })).toHaveCount(0);
});
