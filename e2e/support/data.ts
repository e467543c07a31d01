import { expect, type Download, type Page } from '@playwright/test';
import type { TestWindow } from './app';

export const SECRET_KEY = 'sk-e2e-SECRET-KEY-must-never-leave-0042';

/**
 * Seeds two sessions through the worker API: messages in both, a document with chunks, and a
 * provider with an API key. Returns the session ids.
 */
export async function seedWorkspace(page: Page): Promise<string[]> {
  return page.evaluate(async (key) => {
    const api = (window as unknown as TestWindow).libragent;
    const trip = await api.sessions.create({ name: 'Trip planning' });
    const notes = await api.sessions.create({ name: 'Notes 안녕하세요' });
    const doc = await api.content.addText(
      trip.id,
      'lisbon.md',
      ['# Lisbon', ...Array.from({ length: 60 }, (_, i) => `Line ${i + 1}: tram 28, castle, pastéis de nata.`)].join('\n'),
    );
    await api.messages.send(trip.id, 'Where should we go first?', [{ contentId: doc.id, filename: doc.filename }]);
    await api.messages.send(trip.id, 'And where do we eat?');
    await api.messages.send(notes.id, '안녕하세요, a note in Korean');
    await api.providers.save({ name: 'OpenAI', baseUrl: 'https://api.openai.com/v1', apiKey: key });
    return [trip.id, notes.id];
  }, SECRET_KEY);
}

/** Everything the user has (sessions, messages, documents, chunks), read without touching anything. */
export async function snapshot(page: Page): Promise<unknown> {
  const text = await page.evaluate(async () => (await (window as unknown as TestWindow).libragent.data.exportAll()).text);
  const archive = JSON.parse(text) as { exportedAt?: string };
  delete archive.exportedAt;
  return archive;
}

/** A backup of the current data, as the file a user would hold (made through the worker API). */
export async function backupFile(page: Page): Promise<Buffer> {
  return Buffer.from(await page.evaluate(async () => (await (window as unknown as TestWindow).libragent.data.backup()).bytes));
}

export async function openData(page: Page) {
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await expect(dialog.getByRole('heading', { name: 'Data' })).toBeVisible();
  return dialog;
}

export async function downloadBytes(download: Download): Promise<Buffer> {
  const { readFile } = await import('node:fs/promises');
  return readFile(await download.path());
}

/** Collects the page's Content-Security-Policy violations from the first script on. */
export async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.effectiveDirective} blocked ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  const console: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) console.push(message.text());
  });
  return async () => [
    ...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)),
    ...console,
  ];
}
