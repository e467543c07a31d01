import { expect, test, type Page } from '@playwright/test';
import { AppPage, type TestWindow } from './support/app';

type HostWindow = TestWindow & { libragentHost: { terminateForTest(): void } };

/** Kills the tab's database worker as a crash would: the UI is not told, it has to notice. */
const crashWorker = (page: Page) => page.evaluate(() => (window as unknown as HostWindow).libragentHost.terminateForTest());

test('a worker killed under the UI is restarted, the user is told briefly, and nothing acknowledged is lost', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await app.newSession({ name: 'before the crash' });
  await app.send('acknowledged before the crash');

  // A read made at the moment of the crash is answered by the new worker.
  const sessions = await page.evaluate(() => {
    const host = window as unknown as HostWindow;
    host.libragentHost.terminateForTest();
    return host.libragent.sessions.list();
  });
  expect(sessions.map((session) => session.name)).toEqual(['before the crash']);

  const notice = page.getByRole('status').filter({ hasText: 'The database worker stopped and was restarted' });
  await expect(notice).toBeVisible();
  await expect(app.userMessages()).toHaveCount(1);
  await expect(app.userMessages().first()).toContainText('acknowledged before the crash');

  // The views are live again (change events reach them from the new worker).
  await app.send('written after the restart');
  await expect(app.userMessages()).toHaveCount(2);
  await app.newSession({ name: 'after the crash' });
  await expect(notice).toBeHidden({ timeout: 15_000 });

  await crashWorker(page);
  await expect(notice).toBeVisible();
  await app.goto();
  await app.waitUntilReady();
  await expect(app.sessionButtons()).toHaveCount(2);
  const footprint = await page.evaluate(async () => {
    const api = (window as unknown as TestWindow).libragent;
    const sessions = await api.sessions.list();
    const first = sessions.find((session) => session.name === 'before the crash')!;
    return (await api.messages.history(first.id, null, 50)).items.filter((message) => message.role === 'user').length;
  });
  expect(footprint).toBe(2);
});

test("the owner tab's worker dies: the other tab takes over, and the crashed tab comes back through it", async ({ context }) => {
  test.setTimeout(120_000);
  const owner = new AppPage(await context.newPage());
  await owner.goto();
  await owner.waitUntilReady();
  await owner.newSession({ name: 'shared' });
  const other = new AppPage(await context.newPage());
  await other.goto();
  await other.waitUntilReady();

  await crashWorker(owner.page);
  await expect(owner.page.getByRole('status').filter({ hasText: 'restarted' })).toBeVisible();
  await other.send('written while the first tab recovered');
  await expect(owner.userMessages()).toHaveCount(1);
  await owner.send('and the first tab writes again');
  await expect(other.userMessages()).toHaveCount(2);
  const roles = await Promise.all(
    [owner, other].map((app) => app.page.evaluate(() => (window as unknown as TestWindow).libragent.diagnostics.role())),
  );
  expect(roles.sort()).toEqual(['follower', 'owner']);
});
