import { expect, test, type Page } from '@playwright/test';
import { AppPage, type TestWindow } from './support/app';
import { startMockAnthropic, type MockAnthropic } from '../test-support/mock-anthropic';
import { startMockMcp, type MockMcp } from '../test-support/mock-mcp';
import { listen, type Listening } from '../test-support/mock-http';

let model: MockAnthropic;
let mcp: MockMcp;
/** A provider that takes every request and never answers. */
let silent: Listening;
test.beforeAll(async () => {
  model = await startMockAnthropic();
  mcp = await startMockMcp();
  silent = await listen(async () => undefined, 'silent provider');
});
test.afterAll(async () => {
  await Promise.all([model.close(), mcp.close(), silent.close()]);
});

const answers = (page: Page) => page.getByRole('list', { name: 'Messages' }).getByRole('article', { name: 'Assistant message' });
const TOKEN = [{ name: 'x-test-token', value: 'secret' }];
/** The model's turns of the agent loop (title requests offer no tools). */
const lastTurn = () => model.requests.filter((r) => r.body.tools).at(-1)!.body;

/** An assistant on the mock model (it calls whatever tool "call NAME {json}" names) with MCP servers. */
async function useAssistant(app: AppPage, servers: object[]): Promise<void> {
  await app.goto();
  await app.waitUntilReady();
  await app.page.evaluate(
    async ({ url, servers }) => {
      const api = (window as unknown as TestWindow).libragent;
      const provider = await api.providers.save({ kind: 'anthropic', name: 'Claude mock', baseUrl: url, apiKey: 'good-key' });
      await api.assistants.create({
        name: 'Tooly',
        modelSettings: { providerId: provider.id, model: 'claude-mock-1', mcpServers: servers },
        allowedTools: ['list_content'],
      });
    },
    { url: model.url, servers: servers as never },
  );
  await app.page.reload();
  await app.waitUntilReady();
  await app.newSession({ assistant: 'Tooly' });
}

test('the MCP editor tests a connection, lists the tools and saves the server with its headers', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await page.getByRole('button', { name: 'Assistants' }).click();
  const dialog = page.getByRole('dialog', { name: 'Assistants' });
  await dialog.getByRole('button', { name: 'New assistant' }).click();
  await dialog.getByRole('textbox', { name: 'Name' }).fill('With MCP');
  await dialog.getByRole('button', { name: 'Add MCP server' }).click();
  const server = dialog.getByRole('group', { name: 'MCP server 1' });
  await server.getByRole('textbox', { name: 'Server name' }).fill('Echo');
  await server.getByRole('textbox', { name: 'Server URL' }).fill(mcp.url);
  await server.getByRole('button', { name: 'Test connection' }).click();
  await expect(server.getByRole('status')).toContainText(/refused access \(401\)|failed/, { timeout: 15_000 });
  await server.getByRole('textbox', { name: /Headers/ }).fill('x-test-token: secret');
  await server.getByRole('textbox', { name: 'Timeout (seconds)' }).fill('5');
  await server.getByRole('button', { name: 'Test connection' }).click();
  await expect(server.getByRole('status')).toHaveText('Connected: echo, explode, sleep, delete_all (asks first)', {
    timeout: 15_000,
  });
  await page.screenshot({ path: 'test-results/mcp-editor.png', fullPage: true });
  await dialog.getByRole('button', { name: 'Save assistant' }).click();
  const saved = await page.evaluate(async () =>
    (await (window as unknown as TestWindow).libragent.assistants.list()).find((a) => a.name === 'With MCP'),
  );
  expect(saved?.modelSettings.mcpServers).toEqual([{ name: 'Echo', url: mcp.url, headers: TOKEN, timeoutMs: 5000 }]);
});

test('a server moved to another address in the editor keeps its header values behind, and says so', async ({ page }) => {
  const app = new AppPage(page);
  await useAssistant(app, [{ name: 'Echo', url: mcp.url, headers: TOKEN }]);
  await page.getByRole('button', { name: 'Assistants' }).click();
  const dialog = page.getByRole('dialog', { name: 'Assistants' });
  await dialog.getByRole('button', { name: 'Edit Tooly' }).click();
  const server = dialog.getByRole('group', { name: 'MCP server 1' });
  const url = server.getByRole('textbox', { name: 'Server URL' });
  const headers = server.getByRole('textbox', { name: /Headers/ });
  const note = server.getByRole('status').filter({ hasText: 'The header values are only sent to' });
  await expect(headers).toHaveValue('x-test-token: secret');
  await url.fill(`${mcp.url}/`); // the same address
  await expect(headers).toHaveValue('x-test-token: secret');
  await url.fill(mcp.hangUrl); // another path of the same server
  await expect(headers).toHaveValue('x-test-token: ');
  await expect(note).toContainText(mcp.url);
  await expect(url).toHaveAccessibleDescription(/only sent to/);
  await url.fill(mcp.url); // back: the values come back
  await expect(headers).toHaveValue('x-test-token: secret');
  await expect(note).toHaveCount(0);
  await url.fill(mcp.hangUrl);
  await dialog.getByRole('button', { name: 'Save assistant' }).click();
  await expect(dialog.getByRole('button', { name: 'Edit Tooly' })).toBeVisible();
  const saved = await page.evaluate(async () =>
    (await (window as unknown as TestWindow).libragent.assistants.list()).find((a) => a.name === 'Tooly'),
  );
  expect(saved?.modelSettings.mcpServers).toEqual([
    { name: 'Echo', url: mcp.hangUrl, headers: [{ name: 'x-test-token', value: '' }] },
  ]);
});

test('a Test connection that waits on a silent server can be cancelled, and one listing endless pages ends by itself', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await page.getByRole('button', { name: 'Assistants' }).click();
  const dialog = page.getByRole('dialog', { name: 'Assistants' });
  await dialog.getByRole('button', { name: 'New assistant' }).click();
  await dialog.getByRole('button', { name: 'Add MCP server' }).click();
  const server = dialog.getByRole('group', { name: 'MCP server 1' });
  await server.getByRole('textbox', { name: 'Server URL' }).fill(mcp.hangUrl);
  await server.getByRole('textbox', { name: 'Timeout (seconds)' }).fill('600');
  await server.getByRole('button', { name: 'Test connection' }).click();
  await expect(server.getByRole('status')).toHaveText('Connecting…');
  await server.getByRole('button', { name: 'Cancel test' }).click();
  await expect(server.getByRole('status')).toHaveText('Test cancelled.');
  await expect(server.getByRole('button', { name: 'Test connection' })).toBeVisible();

  await server.getByRole('textbox', { name: 'Server URL' }).fill(mcp.endlessUrl());
  await server.getByRole('textbox', { name: /Headers/ }).fill('x-test-token: secret');
  await server.getByRole('button', { name: 'Test connection' }).click();
  await expect(server.getByRole('status')).toContainText('did not finish listing its tools after 50 pages', {
    timeout: 30_000,
  });
});

test('Load models from a provider that never answers can be cancelled', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await page.evaluate(
    (baseUrl) => (window as unknown as TestWindow).libragent.providers.save({ name: 'Silent', baseUrl, apiKey: 'sk-x' }),
    `${silent.origin}/v1`,
  );
  await page.getByRole('button', { name: 'Assistants' }).click();
  const dialog = page.getByRole('dialog', { name: 'Assistants' });
  await dialog.getByRole('button', { name: 'New assistant' }).click();
  await dialog.getByRole('combobox', { name: 'Provider' }).selectOption({ label: 'Silent' });
  await dialog.getByRole('button', { name: 'Load models' }).click();
  await expect(dialog.getByText('Asking the provider for its models…')).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel loading' }).click();
  await expect(dialog.getByText('Cancelled.')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Load models' })).toBeVisible();
});

test('the model calls MCP tools beside the built-in ones: a result, a tool error and a call that never answers', async ({
  page,
}) => {
  const app = new AppPage(page);
  await useAssistant(app, [{ name: 'Echo', url: mcp.url, headers: TOKEN, timeoutMs: 2000 }]);

  await app.send('call mcp_Echo_echo {"text":"hi 你好"}');
  await expect(answers(page).last()).toContainText('Tool said: echo: hi 你好');
  const offered = lastTurn().tools!.map((tool) => tool.name);
  expect(offered).toEqual(['list_content', 'mcp_Echo_echo', 'mcp_Echo_explode', 'mcp_Echo_sleep', 'mcp_Echo_delete_all']);
  expect(mcp.calls.at(-1)).toEqual({ name: 'echo', arguments: { text: 'hi 你好' } });
  const echoCard = answers(page).nth(-2).locator('details', { hasText: 'Tool call' });
  await expect(echoCard).toContainText('mcp_Echo_echo');
  await expect(echoCard).toContainText('done');

  await app.send('call mcp_Echo_explode {}');
  await expect(answers(page).last()).toContainText('database exploded');
  await expect(answers(page).nth(-2).locator('details', { hasText: 'Tool call' })).toContainText('failed');
  expect(lastTurn().messages.at(-1)).toMatchObject({
    role: 'user',
    content: [{ type: 'tool_result', tool_use_id: 'toolu_call', is_error: true }],
  });

  const started = Date.now();
  await app.send('call mcp_Echo_sleep {}');
  await expect(answers(page).last()).toContainText(/did not answer within 2 s/);
  expect(Date.now() - started).toBeLessThan(20_000);
  const sleepCard = answers(page).nth(-2).locator('details', { hasText: 'Tool call' });
  await expect(sleepCard).toContainText('failed');
  await sleepCard.locator('summary').click();
  await expect(sleepCard).toContainText(/did not answer within 2 s/);
});

test('MCP servers that are down or never answer are reported and never block the answer', async ({ page }) => {
  const app = new AppPage(page);
  await useAssistant(app, [
    { name: 'Down', url: 'http://127.0.0.1:9/mcp' },
    { name: 'Silent', url: mcp.hangUrl, timeoutMs: 1500 },
  ]);
  const started = Date.now();
  await app.send('Say hello');
  await expect(answers(page).last()).toContainText('Hello from Claude.');
  expect(Date.now() - started).toBeLessThan(20_000);
  const notes = page.getByRole('list', { name: 'Messages' }).getByRole('article', { name: 'System message' });
  await expect(notes.filter({ hasText: 'Down' })).toContainText(/was left out of this answer.*Could not reach/);
  await expect(notes.filter({ hasText: 'Silent' })).toContainText(/did not answer within 1\.5 s/);
  // The notes are for the user: the model never sees them, and it was offered only the built-in tool.
  const request = lastTurn();
  expect(JSON.stringify(request.messages)).not.toContain('left out');
  expect(request.tools!.map((tool) => tool.name)).toEqual(['list_content']);
});
