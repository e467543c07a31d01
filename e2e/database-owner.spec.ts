import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test } from '@playwright/test';
import { AppPage, type TestWindow } from './support/app';
import { BASE_URL, chromiumLaunchOptions } from './support/chromium';

test('data survives closing and restarting the browser', async () => {
  test.setTimeout(120_000); // two browser launches: near a minute on a loaded machine
  const profile = mkdtempSync(join(tmpdir(), 'libragent-profile-'));
  try {
    const first = await chromium.launchPersistentContext(profile, { ...chromiumLaunchOptions, baseURL: BASE_URL });
    const app = new AppPage(first.pages()[0] ?? (await first.newPage()));
    await app.goto();
    await app.waitUntilReady();
    await app.newSession();
    await app.send('written before the browser closed');
    await first.close();

    const second = await chromium.launchPersistentContext(profile, { ...chromiumLaunchOptions, baseURL: BASE_URL });
    const again = new AppPage(second.pages()[0] ?? (await second.newPage()));
    await again.goto();
    await again.waitUntilReady();
    await expect(again.userMessages()).toHaveCount(1);
    await expect(again.userMessages().first()).toContainText('written before the browser closed');
    await second.close();
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
});

test('a second tab works at once through the first, sees its writes live, and takes over when it closes', async ({ context }) => {
  const first = new AppPage(await context.newPage());
  await first.goto();
  await first.waitUntilReady();
  await first.newSession();
  await first.send('saved by the first tab');

  const second = new AppPage(await context.newPage());
  await second.goto();
  await second.waitUntilReady();
  await expect(second.page.getByRole('heading', { name: 'LibrAgent is open in another tab' })).toHaveCount(0);
  await expect(second.userMessages()).toHaveCount(1);
  expect(await role(first)).toBe('owner');
  expect(await role(second)).toBe('follower');

  // The second tab writes through the first, and the first shows it without a reload.
  await second.send('written in the second tab');
  await expect(first.userMessages()).toHaveCount(2);
  await expect(first.userMessages().last()).toContainText('written in the second tab');

  // Settings saved in one tab show in the other's open (unedited) settings dialog.
  await second.page.getByRole('button', { name: 'Settings' }).click();
  const steps = second.page.getByRole('textbox', { name: 'Most steps (tool rounds) per answer' });
  await expect(steps).not.toHaveValue('');
  await first.page.evaluate(async () => {
    const api = (window as unknown as TestWindow).libragent;
    const { agent } = await api.settings.get();
    await api.settings.update({ agent: { ...agent, maxSteps: 7 } });
  });
  await expect(steps).toHaveValue('7');
  await second.page.getByRole('button', { name: 'Close' }).click();

  await first.page.close();
  await second.send('the second tab owns the database now');
  await expect(second.userMessages()).toHaveCount(3);
  expect(await role(second)).toBe('owner');
});

const role = (app: AppPage) => app.page.evaluate(() => (window as unknown as TestWindow).libragent.diagnostics.role());

test('a failing migration changes nothing and says so', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await app.newSession();
  await app.send('must survive a failed upgrade');

  await app.goto('?e2e-failing-migration');
  const alert = page.getByRole('alert');
  await expect(page.getByRole('heading', { name: 'LibrAgent could not update its database' })).toBeVisible();
  await expect(alert).toContainText('e2e-failing.sql');
  await expect(alert).toContainText('Nothing was changed');
  await expect(alert).toContainText('MigrationFailed');
  // Not a dead end (issue 18, point 2): what can be read exports, with the message the upgrade did not touch.
  await expect(page.getByLabel('Restore a backup…')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start fresh…' })).toBeVisible();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export what can be read' }).click();
  const { readFile } = await import('node:fs/promises');
  const readable = await readFile((await (await downloading).path())!, 'utf8');
  expect(readable).toContain('must survive a failed upgrade');
  expect(readable).not.toContain('CLOBBERED');

  await app.goto();
  await app.waitUntilReady();
  await expect(app.userMessages()).toHaveCount(1);
  await expect(app.userMessages().first()).toContainText('must survive a failed upgrade');
  await expect(page.getByRole('heading', { name: 'must survive a failed upgrade' })).toBeVisible();
  const state = await page.evaluate(async () => {
    const api = (window as unknown as { libragent: import('../src/worker/api').WorkerApi }).libragent;
    return { tables: await api.diagnostics.tables(), info: await api.info() };
  });
  expect(state.tables).not.toContain('e2e_half_done');
  expect(state.info.migrated).toEqual([]);
  expect(state.info.persistence).toBe('opfs');
});

test('without OPFS the app runs in memory and says plainly that nothing is saved', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto('?e2e-no-opfs');
  await app.waitUntilReady();
  const banner = page.getByRole('alert').filter({ hasText: 'Not saved on this device' });
  await expect(banner).toBeVisible();
  await app.newSession();
  await app.send('only in memory');
  await expect(banner).toBeVisible();

  await app.goto('?e2e-no-opfs');
  await app.waitUntilReady();
  await expect(page.getByText('No sessions yet')).toBeVisible();
});

test('first start migrates a new database on OPFS to the current schema', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  const info = await page.evaluate(() =>
    (window as unknown as { libragent: import('../src/worker/api').WorkerApi }).libragent.info(),
  );
  expect(info.persistence).toBe('opfs');
  expect(info.migrated.length).toBeGreaterThan(0);
  expect(info.schemaVersion).toBe(info.migrated.length);
  expect(info.sqliteVersion).toMatch(/^3\.5\d\./);
  expect(info.startupMs).toBeGreaterThan(0); // recorded for Diagnostics; how fast is for the bench to say
});

test('a page of the origin that forges owner claims and calls on the channel stops no tab and reaches nothing', async ({
  context,
}) => {
  const [first, second] = [new AppPage(await context.newPage()), new AppPage(await context.newPage())];
  for (const app of [first, second]) {
    await app.goto();
    await app.waitUntilReady();
  }
  expect(await role(second)).toBe('follower');

  // Not the app: a page of the same origin that, every few milliseconds, claims to own the
  // database (as itself, as the follower, as the owner), holding a claim lock of the very name
  // each claim names, beside calls to paths that would reach prototype properties.
  const stray = await context.newPage();
  await stray.goto('/icons/icon.svg');
  await stray.evaluate(() => {
    const channel = new BroadcastChannel('libragent:database');
    const ids = new Set<string>();
    const answers: unknown[] = [];
    const claimAs = (id: string) => {
      if (ids.has(id)) return;
      ids.add(id);
      void navigator.locks.request(`libragent:owner-claim:${id}:forged`, () => new Promise(() => {}));
    };
    claimAs('forger');
    channel.onmessage = ({ data }) => {
      if (data?.from) claimAs(data.from);
      if (data?.owner) claimAs(data.owner);
      if (data?.t === 'result' && data.to === 'forger') answers.push(data);
    };
    const paths = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'sessions.__proto__', 'sessions.constructor'];
    paths.forEach((path, index) => channel.postMessage({ t: 'call', id: `forger:${index}`, from: 'forger', path, args: [] }));
    const flood = setInterval(() => {
      for (const owner of ids) channel.postMessage({ t: 'owner', owner, proof: 'forged' });
    }, 2);
    Object.assign(window, { forger: { answers, paths, stop: () => clearInterval(flood) } });
  });

  // The follower's calls, each to be done once ('once': a call whose owner seemed to go fails with Busy).
  const made = await second.page.evaluate(async () => {
    const api = (window as unknown as TestWindow).libragent;
    const failures: string[] = [];
    for (let index = 0; index < 25; index++) {
      await api.assistants.create({ name: `made beside forged claims ${index}` }).catch((error: Error) => {
        failures.push(error.message);
      });
    }
    return failures;
  });
  const answers = await stray.evaluate(() => {
    const { forger } = window as unknown as { forger: { answers: unknown[]; paths: string[]; stop(): void } };
    forger.stop();
    return { answers: forger.answers, paths: forger.paths };
  });
  expect(made).toEqual([]);
  const names = await first.page.evaluate(async () =>
    (await (window as unknown as TestWindow).libragent.assistants.list())
      .map((assistant) => assistant.name)
      .filter((name) => name.startsWith('made beside forged claims')),
  );
  expect(names).toHaveLength(25);
  expect(new Set(names).size).toBe(25);
  expect(await role(first)).toBe('owner');
  expect(await role(second)).toBe('follower');
  // The forged calls were refused as unknown, none ran something found on a prototype.
  expect(answers.answers).toHaveLength(answers.paths.length);
  for (const answer of answers.answers) {
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'InvalidInput', message: expect.stringMatching(/no database call/) },
    });
  }
  // Both tabs still work, each through the owner.
  await first.newSession({ name: 'after the forger' });
  await expect(second.sessionButtons()).toHaveCount(1);
});
