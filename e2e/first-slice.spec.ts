import { expect, test } from '@playwright/test';
import { AppPage } from './support/app';

test('a new user creates a session, sends messages and finds them after a reload', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await expect(page.getByRole('heading', { name: 'Welcome to LibrAgent' })).toBeVisible();
  await expect(page.getByText('No sessions yet')).toBeVisible();

  await app.newSession();
  await expect(page.getByRole('heading', { name: 'New session' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send' })).toBeDisabled();

  await app.send('Hello from the first slice');
  await app.composer().fill('line one');
  await app.composer().press('Shift+Enter');
  await app.composer().pressSequentially('line two');
  await expect(app.composer()).toHaveValue('line one\nline two');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(app.userMessages()).toHaveCount(2);
  await expect(app.composer()).toHaveValue('');

  await page.reload();
  await app.waitUntilReady();
  await expect(app.userMessages()).toHaveCount(2);
  await expect(app.userMessages().first()).toContainText('Hello from the first slice');
  await expect(app.userMessages().nth(1)).toContainText('line one\nline two');
  await expect(page.getByText('Not saved on this device')).toHaveCount(0);
});

test('sessions are listed by last activity and each keeps its own messages', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await app.newSession();
  await app.send('first session message');
  await app.newSession();
  await app.send('second session message');

  // The older session moves to the top once it gets a new message.
  await app.sessionButtons().nth(1).getByRole('button').click();
  await expect(app.userMessages()).toHaveCount(1);
  await expect(app.userMessages().first()).toContainText('first session message');
  await app.send('back in the first');
  await expect(app.sessionButtons().first().getByRole('button')).toHaveAttribute('aria-current', 'page');

  await page.reload();
  await app.waitUntilReady();
  // The last opened session is the one shown after a reload.
  await expect(app.userMessages()).toHaveCount(2);
  await expect(app.userMessages().last()).toContainText('back in the first');
});

test('errors keep their code across the worker boundary', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  const codes = await page.evaluate(async () => {
    const api = (window as unknown as { libragent: import('../src/worker/api').WorkerApi }).libragent;
    const codeOf = async (call: () => unknown) => {
      try {
        await call();
        return 'no error';
      } catch (error) {
        return `${(error as { code?: string }).code}: ${(error as Error).message}`;
      }
    };
    return {
      emptyId: await codeOf(() => api.sessions.get('')),
      unknown: await codeOf(() => api.sessions.get('no-such-session')),
      badPage: await codeOf(() => api.messages.history('no-such-session', null, 0)),
      emptyMessage: await codeOf(() => api.messages.send('no-such-session', '   ')),
    };
  });
  expect(codes.emptyId).toMatch(/^InvalidInput: Session id must be a non-empty string/);
  expect(codes.unknown).toMatch(/^NotFound: /);
  expect(codes.badPage).toMatch(/^InvalidInput: limit must be/);
  expect(codes.emptyMessage).toMatch(/^InvalidInput: The message is empty/);
});
