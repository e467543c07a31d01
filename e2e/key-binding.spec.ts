import { expect, test, type Page } from '@playwright/test';
import { AppPage, type TestWindow } from './support/app';
import { corsHeaders, listen, type Listening } from '../test-support/mock-http';

/**
 * A provider's key goes only to the exact address it was saved with: not to another path of the
 * same host after an edit in Settings, nor after a restore of a backup that points the provider
 * there. A local server records every request it gets, with the Authorization header it carried.
 */

const KEY = 'sk-bound-to-v1-only';

let server: Listening;
const heard: { path: string; authorization: string }[] = [];

test.beforeAll(async () => {
  server = await listen(async (req, res) => {
    const cors = corsHeaders('authorization, content-type');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors).end();
      return;
    }
    heard.push({ path: req.url ?? '', authorization: req.headers.authorization ?? '' });
    res.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end(JSON.stringify({ data: [{ id: 'recorded' }] }));
  }, 'recording provider');
});
test.afterAll(async () => {
  await server.close();
});

/** Asks the provider for its models, as "Load models" does: a request that carries the key if it has one. */
const loadModels = (page: Page, providerId: string) =>
  page.evaluate((id) => (window as unknown as TestWindow).libragent.providers.models(id), providerId);

const providers = (page: Page) => page.evaluate(() => (window as unknown as TestWindow).libragent.providers.list());

test('a provider key never reaches another address of the same host, after an edit or a restore', async ({ page }) => {
  heard.length = 0;
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  const v1 = `${server.origin}/v1`;
  const other = `${server.origin}/other`;

  await page.getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByRole('textbox', { name: 'Provider name' }).fill('Recorded');
  await settings.getByRole('textbox', { name: 'Base URL' }).fill(v1);
  await settings.getByLabel('API key').fill(KEY);
  await settings.getByRole('button', { name: 'Add provider' }).click();
  const list = settings.getByRole('list', { name: 'Providers' });
  await expect(list).toContainText(`key ••••${KEY.slice(-4)}`);
  const [provider] = await providers(page);
  await loadModels(page, provider.id);
  expect(heard).toEqual([{ path: '/v1/models', authorization: `Bearer ${KEY}` }]);

  // Edited to another path: the form says the key stays behind, and it does.
  await settings.getByRole('button', { name: 'Edit provider Recorded' }).click();
  const baseUrl = settings.getByRole('textbox', { name: 'Base URL' });
  await expect(baseUrl).toHaveValue(v1);
  const note = settings.getByRole('status').filter({ hasText: 'Enter the key again for this address' });
  await baseUrl.fill(`${v1}/`); // the same address
  await expect(note).toHaveCount(0);
  await baseUrl.fill(other);
  await expect(note).toBeVisible();
  await expect(note).toContainText(`is only sent to ${v1}`);
  await expect(baseUrl).toHaveAccessibleDescription(/Enter the key again for this address/);
  await settings.getByRole('button', { name: 'Save provider' }).click();
  await expect(list).toContainText('no key');
  await expect(list).toContainText(other);
  await loadModels(page, provider.id);
  expect(heard.at(-1)).toEqual({ path: '/other/models', authorization: '' });

  // A backup that points the provider at the other path, restored once the key is back for /v1.
  const backup = await page.evaluate(async () => {
    const { bytes } = await (window as unknown as TestWindow).libragent.data.backup();
    return Array.from(bytes);
  });
  await page.evaluate(
    ([id, url, key]) =>
      (window as unknown as TestWindow).libragent.providers.save({ id, name: 'Recorded', baseUrl: url, apiKey: key }),
    [provider.id, v1, KEY],
  );
  expect(await providers(page)).toMatchObject([{ baseUrl: v1, hasApiKey: true }]);
  await page.evaluate(async (bytes) => {
    const api = (window as unknown as TestWindow).libragent;
    const { token } = await api.data.inspectBackup(new Uint8Array(bytes));
    await api.data.restore(token);
  }, backup);
  expect(await providers(page)).toMatchObject([{ baseUrl: other, hasApiKey: false }]);
  await loadModels(page, provider.id);
  expect(heard.at(-1)).toEqual({ path: '/other/models', authorization: '' });

  // The key went to /v1 only, every time.
  expect(heard.filter((request) => request.authorization.includes(KEY)).map((request) => request.path)).toEqual(['/v1/models']);
});
