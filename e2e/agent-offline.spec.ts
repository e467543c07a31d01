import { expect, test, type Page } from '@playwright/test';
import { AppPage, type TestWindow } from './support/app';

const GUIDE = [
  '# Lisbon guide',
  '',
  'Tram 28 runs every twelve minutes from Martim Moniz to Campo de Ourique.',
  'The castle opens at nine in the morning and closes at nine in the evening.',
  'Pastéis de nata are best eaten warm, with cinnamon.',
].join('\n');

async function sessionWithGuide(app: AppPage, query = ''): Promise<string> {
  await app.goto(query);
  await app.waitUntilReady();
  await app.newSession();
  const page = app.page;
  const sessionId = await page.evaluate(() => decodeURIComponent(location.hash.split('/')[2]));
  await page.evaluate(({ id, text }) => (window as unknown as TestWindow).libragent.content.addText(id, 'lisbon.md', text), {
    id: sessionId,
    text: GUIDE,
  });
  return sessionId;
}

const answers = (page: Page) => page.getByRole('article', { name: 'Assistant message' });

test('with no provider and no network, the default assistant answers from the documents with a citation', async ({ page }) => {
  const app = new AppPage(page);
  await sessionWithGuide(app);
  await app.send('How often does tram 28 run?');

  const last = answers(page).last();
  await expect(last).toContainText('Tram 28 runs every twelve minutes', { timeout: 15_000 });
  await expect(last).toContainText('lisbon.md, lines 1–5');
  // A real tool call, stored like a model's: the call with its result in one card.
  const card = answers(page).first().locator('details', { hasText: 'Tool call' });
  await expect(card).toContainText('keyword_search');
  await expect(card).toContainText('done');
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
  // The session took its title from the first words.
  await expect(page.getByRole('heading', { name: 'How often does tram 28 run?' })).toBeVisible();

  await app.send('xylophone quartet');
  await expect(answers(page).last()).toContainText('I found nothing about', { timeout: 15_000 });
});

test('Stop ends a streaming answer and keeps what was written', async ({ page }) => {
  const app = new AppPage(page);
  await sessionWithGuide(app, '?e2e-slow-assistant');
  await app.sendOnly('castle opening hours');
  const stop = page.getByRole('button', { name: 'Stop' });
  await expect(stop).toBeVisible();
  await expect(answers(page).last()).toContainText('Here is what', { timeout: 15_000 });
  await stop.click();
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
  const partial = await answers(page).last().locator('.markdown').innerText();
  // Once the stored answer is final nothing more is written to it: the screen still shows the part.
  const stored = await app.finalAnswer();
  expect(await answers(page).last().locator('.markdown').innerText()).toBe(partial);
  expect(stored.content).toContain('Here is what');
  expect(stored.content).not.toContain('Answered offline');
  expect(partial).not.toContain('Answered offline');
  await page.reload();
  await app.waitUntilReady();
  await expect(answers(page).last()).toContainText('Here is what');
  await expect(answers(page).last().getByRole('status')).toHaveCount(0);
});

test('an answer cut off by a reload is kept, marked interrupted, and can be retried', async ({ page }) => {
  const app = new AppPage(page);
  await sessionWithGuide(app, '?e2e-slow-assistant');
  await app.sendOnly('pastéis de nata');
  await expect(answers(page).last()).toContainText('Here is what', { timeout: 15_000 });
  await page.reload();
  await app.waitUntilReady();

  const cut = answers(page).last();
  await expect(cut).toContainText('Here is what');
  await expect(cut.getByRole('alert')).toContainText('Interrupted');
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();

  await app.goto(); // at normal speed again
  await app.waitUntilReady();
  await answers(page).last().getByRole('button', { name: 'Retry' }).click();
  await expect(answers(page).last()).toContainText('Answered offline', { timeout: 15_000 });
  await expect(answers(page).last().getByRole('alert')).toHaveCount(0);
  await expect(answers(page).last()).toContainText('best eaten warm');
});
