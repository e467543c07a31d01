import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { AppPage, type TestWindow } from './support/app';

/**
 * Many tabs, one database: the first tab's worker owns it, the others forward their calls to it
 * (src/worker/tab/owner-link.ts), and when the owner goes another takes over. Timings are reported as
 * annotations, never asserted.
 */

async function openTabs(context: BrowserContext, count: number, query = ''): Promise<AppPage[]> {
  const apps: AppPage[] = [];
  for (let index = 0; index < count; index++) {
    const app = new AppPage(await context.newPage());
    await app.goto(query);
    await app.waitUntilReady();
    apps.push(app);
  }
  return apps;
}

const role = (page: Page) => page.evaluate(() => (window as unknown as TestWindow).libragent.diagnostics.role());
const ownership = (page: Page) => page.evaluate(() => (window as unknown as TestWindow).libragent.diagnostics.ownership());
const totals = (page: Page) => page.evaluate(() => (window as unknown as TestWindow).libragent.diagnostics.totals());

/** In one tab, through its API: sessions, messages in each, and text files uploaded to the first. */
function writeFrom(page: Page, tab: string, sessions: number, messagesEach: number, uploads: number) {
  return page.evaluate(
    async ({ tab, sessions, messagesEach, uploads }) => {
      const api = (window as unknown as TestWindow).libragent;
      const ids: string[] = [];
      for (let s = 0; s < sessions; s++) {
        const session = await api.sessions.create({ name: `${tab} session ${s}` });
        ids.push(session.id);
        for (let m = 0; m < messagesEach; m++) await api.messages.send(session.id, `${tab} says ${m} in ${s}`);
      }
      for (let u = 0; u < uploads; u++) {
        const bytes = new TextEncoder().encode(`${tab} file ${u}\nsecond line\n`);
        await api.content.upload(ids[0], { name: `${tab}-${u}.txt`, bytes }, crypto.randomUUID());
      }
      return ids;
    },
    { tab, sessions, messagesEach, uploads },
  );
}

/** Median milliseconds of `count` sequential reads from this tab. */
function readLatency(page: Page, count: number) {
  return page.evaluate(async (count) => {
    const api = (window as unknown as TestWindow).libragent;
    const times: number[] = [];
    for (let index = 0; index < count; index++) {
      const started = performance.now();
      await api.settings.get();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return { p50: times[Math.floor(count / 2)], p95: times[Math.floor(count * 0.95)] };
  }, count);
}

test('three tabs write at once, see each other, outlive the owner, and the database holds exactly what was written', async ({
  context,
}) => {
  test.setTimeout(180_000);
  const [a, b, c] = await openTabs(context, 3);
  expect([await role(a.page), await role(b.page), await role(c.page)]).toEqual(['owner', 'follower', 'follower']);

  // The cost of forwarding: the same read from the owner tab and from a follower.
  const local = await readLatency(a.page, 200);
  const forwarded = await readLatency(b.page, 200);
  test.info().annotations.push({
    type: 'read latency p50 / p95 (200 settings.get)',
    description: `owner tab ${local.p50.toFixed(2)} / ${local.p95.toFixed(2)} ms; forwarded from another tab ${forwarded.p50.toFixed(2)} / ${forwarded.p95.toFixed(2)} ms`,
  });

  // All three at once: 3 sessions of 4 messages each, and 2 uploads, per tab.
  await Promise.all([writeFrom(a.page, 'A', 3, 4, 2), writeFrom(b.page, 'B', 3, 4, 2), writeFrom(c.page, 'C', 3, 4, 2)]);
  // An upload through the UI of a follower tab: parsed there, stored by the owner, shown everywhere.
  await b.page.getByRole('navigation', { name: 'Sessions' }).getByRole('button', { name: 'C session 0' }).click();
  await c.page.getByRole('navigation', { name: 'Sessions' }).getByRole('button', { name: 'C session 0' }).click();
  await b.page.getByRole('button', { name: /^Documents/ }).click();
  await c.page.getByRole('button', { name: /^Documents/ }).click();
  await b.page
    .getByLabel('Choose files to upload')
    .setInputFiles([{ name: 'from-b.md', mimeType: 'text/markdown', buffer: Buffer.from('# From B\n\nuploaded in tab B\n') }]);
  const documentsOf = (app: AppPage) => app.page.getByRole('list', { name: 'Session documents' }).getByRole('listitem');
  await expect(documentsOf(b)).toHaveCount(3, { timeout: 20_000 });
  await expect(documentsOf(c)).toHaveCount(3);
  await expect(documentsOf(c).filter({ hasText: 'from-b.md' })).toHaveCount(1);

  // Each tab's session list shows everyone's sessions without a reload.
  for (const app of [a, b, c]) await expect(app.sessionButtons()).toHaveCount(9);
  // A message sent in one tab appears in another that shows the same session.
  await c.send('typed in tab C');
  await expect(b.userMessages().filter({ hasText: 'typed in tab C' })).toHaveCount(1);

  // The owner closes; the first write of another tab waits for the take-over and succeeds.
  const closing = Date.now();
  await a.page.close();
  await b.page.evaluate(() => (window as unknown as TestWindow).libragent.sessions.create({ name: 'after the owner left' }));
  const handOver = Date.now() - closing;
  const next = (await role(b.page)) === 'owner' ? b : c;
  const taken = await ownership(next.page);
  test.info().annotations.push({
    type: 'hand-over (owner tab closed → lock granted → database open → next write saved)',
    description: `${taken.grantedAt - closing} → ${taken.openedAt - closing} → ${handOver} ms (${taken.poolAttempts} tries for the OPFS handles, ${taken.openMs} ms in openDatabase)`,
  });

  await Promise.all([writeFrom(b.page, 'B2', 2, 3, 1), writeFrom(c.page, 'C2', 2, 3, 1)]);
  const roles = [await role(b.page), await role(c.page)].sort();
  expect(roles).toEqual(['follower', 'owner']);
  for (const app of [b, c]) await expect(app.sessionButtons()).toHaveCount(9 + 1 + 4);
  await c.newSession({ name: 'made in the UI of C' });
  await expect(b.sessionButtons()).toHaveCount(15);

  // 9 + 1 + 4 + 1 sessions; 36 + 12 API messages and the one typed in C; 6 + 2 API uploads and B's.
  const counted = await totals(b.page);
  expect(counted.sessions).toBe(15);
  expect(counted.contents).toBe(9);
  const user = await b.page.evaluate(async () => {
    const api = (window as unknown as TestWindow).libragent;
    let count = 0;
    for (const session of await api.sessions.list()) {
      const slice = await api.messages.history(session.id, null, 500);
      count += slice.items.filter((message) => message.role === 'user').length;
    }
    return count;
  });
  expect(user).toBe(36 + 12 + 1);
  expect(await totals(c.page)).toEqual(counted);
});

test('reloading the owner again and again while another tab writes loses nothing, doubles nothing, shows no error', async ({
  context,
}) => {
  test.setTimeout(180_000);
  const [first, second] = await openTabs(context, 2);
  // The writer never takes the database itself (a test hook), so every owner can be reloaded under it.
  const [writer] = await openTabs(context, 1, '?e2e-follower-only');
  await writer.newSession({ name: 'written in a loop' });
  const writes = 60;
  await writer.page.evaluate((writes) => {
    const api = (window as unknown as TestWindow).libragent;
    const state = { done: 0, errors: [] as string[], sessions: [] as string[], finished: false };
    (window as unknown as { loop: typeof state }).loop = state;
    void (async () => {
      const sessionId = (await api.sessions.list())[0].id;
      for (let index = 0; index < writes; index++) {
        try {
          await api.messages.send(sessionId, `loop write ${index}`);
          if (index % 10 === 0) state.sessions.push((await api.sessions.create({ name: `loop session ${index}` })).id);
          state.done++;
        } catch (error) {
          state.errors.push(`${index}: ${(error as Error).message}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
      state.finished = true;
    })();
  }, writes);
  const loop = () =>
    writer.page.evaluate(() => (window as unknown as { loop: { done: number; errors: string[]; finished: boolean } }).loop);

  const handOvers: string[] = [];
  for (let reload = 0; reload < 4; reload++) {
    const owner = (await role(first.page)) === 'owner' ? first : second;
    const other = owner === first ? second : first;
    const started = Date.now();
    await owner.page.reload();
    await expect.poll(() => role(other.page), { timeout: 15_000 }).toBe('owner');
    await expect.poll(async () => (await ownership(other.page)).openedAt, { timeout: 15_000 }).toBeGreaterThan(0);
    const taken = await ownership(other.page);
    handOvers.push(
      `${taken.grantedAt - started} → ${taken.openedAt - started} ms (${taken.poolAttempts} tries, ${taken.openMs} ms in openDatabase)`,
    );
    await owner.waitUntilReady();
    expect((await loop()).errors).toEqual([]);
  }
  test
    .info()
    .annotations.push({ type: 'hand-overs (owner reloaded → lock granted → database open)', description: handOvers.join('; ') });
  await expect.poll(async () => (await loop()).finished, { timeout: 60_000 }).toBe(true);
  const result = await loop();
  expect(result.errors).toEqual([]);
  expect(result.done).toBe(writes);

  const stored = await writer.page.evaluate(async () => {
    const api = (window as unknown as TestWindow).libragent;
    const sessions = await api.sessions.list();
    const looped = sessions.find((session) => session.name === 'written in a loop')!;
    const slice = await api.messages.history(looped.id, null, 500);
    return {
      texts: slice.items.filter((message) => message.role === 'user').map((message) => message.content),
      loopSessions: sessions.filter((session) => session.name.startsWith('loop session')).length,
    };
  });
  expect(stored.texts).toEqual(Array.from({ length: writes }, (_, index) => `loop write ${index}`));
  expect(stored.loopSessions).toBe(writes / 10);
  // Nothing went wrong that the user would have seen.
  await expect(writer.page.getByRole('alert')).toHaveCount(0);
  await expect(writer.userMessages().last()).toContainText(`loop write ${writes - 1}`);
});

const answers = (app: AppPage) => app.page.getByRole('article', { name: 'Assistant message' });

async function sendOnly(app: AppPage, text: string): Promise<void> {
  await app.composer().fill(text);
  await app.composer().press('Enter');
  await expect(app.userMessages().last()).toContainText(text);
}

test('an answer keeps streaming in every tab when another tab closes, and is marked interrupted when its own tab closes', async ({
  context,
}) => {
  test.setTimeout(120_000);
  const [owner, asker, watcher] = await openTabs(context, 3, '?e2e-slow-assistant');
  await asker.newSession({ name: 'streams across tabs' });
  const sessionButton = (app: AppPage) =>
    app.page.getByRole('navigation', { name: 'Sessions' }).getByRole('button', { name: 'streams across tabs' });
  await sessionButton(owner).click();
  await sessionButton(watcher).click();

  // Asked in a follower tab: the owner's worker writes it, and every tab watches it grow.
  await sendOnly(asker, 'castle opening hours');
  await expect(answers(watcher).last()).toContainText('I found nothing', { timeout: 15_000 });
  await asker.page.close();
  const growing = await answers(watcher).last().innerText();
  await expect
    .poll(async () => (await answers(watcher).last().innerText()).length, { timeout: 15_000 })
    .toBeGreaterThan(growing.length);
  await expect(watcher.page.getByRole('button', { name: 'Stop' })).toHaveCount(0, { timeout: 30_000 });
  await expect(answers(watcher).last().getByRole('alert')).toHaveCount(0);
  await expect(answers(owner).last()).toContainText('beyond your documents.');

  // Asked again; this time the tab whose worker writes it (the owner) closes halfway.
  const before = await answers(watcher).count();
  await sendOnly(watcher, 'pastéis de nata');
  await expect(answers(watcher)).toHaveCount(before + 2, { timeout: 15_000 }); // the tool call, then the answer
  await expect(answers(watcher).last()).toContainText('I found nothing', { timeout: 15_000 });
  await owner.page.close();
  const cut = answers(watcher).last();
  await expect(cut.getByRole('alert')).toContainText('Interrupted', { timeout: 15_000 });
  await expect(cut).toContainText('I found nothing');
  await expect(watcher.page.getByRole('button', { name: 'Send' })).toBeVisible();
  expect(await role(watcher.page)).toBe('owner');
});
