import type { BrowserContext, Page } from '@playwright/test';
import type { TestWindow } from '../../e2e/support/app';
import type { Message } from '../../src/shared/entities';
import { messageAt, messageBatches, type CorpusSpec } from '../shared/corpus';
import { openSessionSpec, type BenchSizes } from '../shared/options';
import { median } from '../shared/stats';

/**
 * Opening a long session in the real app (its e2e build, which exposes the worker API on
 * `window.libragent`): seed it through that API, then time from the click on the session to
 * the newest message painted, and a full page load straight into the session.
 */
const LONG = 'Bench: long session';
const OTHER = 'Bench: other session';

export interface AppOpenResult {
  messages: number;
  seedRowsPerSecond: number;
  switchMs: number[];
  loadMs: number[];
  /** The app's own DatabaseInfo.startupMs in those loads: worker start to database answering. */
  workerStartupMs: number[];
  switchMedianMs: number;
  loadMedianMs: number;
}

export async function measureAppOpen(context: BrowserContext, url: string, sizes: BenchSizes): Promise<AppOpenResult> {
  const runs = sizes.appRuns;
  const spec = openSessionSpec(sizes);
  const page = await context.newPage();
  let seed: { longId: string; lastId: string; seedMs: number };
  const switchMs: number[] = [];
  try {
    await page.goto(url);
    await waitUntilReady(page);
    seed = await seedLongSession(page, spec, sizes.batch);
    const otherLastId = await seedOtherSession(page);
    await page.reload();
    await waitUntilReady(page);
    for (let run = 0; run < runs; run++) {
      await openSession(page, OTHER, otherLastId);
      switchMs.push(await openSession(page, LONG, seed.lastId));
    }
  } finally {
    // Closed before the page loads below: the app allows one tab at a time.
    await page.close();
  }
  const loadMs: number[] = [];
  const workerStartupMs: number[] = [];
  // The first load also waits for the closed tab to let go of the database: not counted.
  for (let run = 0; run <= runs; run++) {
    const load = await loadStraightInto(context, `${url}/#/session/${seed.longId}`, seed.lastId);
    if (run === 0) continue;
    loadMs.push(load.paintedMs);
    workerStartupMs.push(load.workerStartupMs);
  }
  return {
    messages: spec.messages,
    seedRowsPerSecond: (spec.messages / seed.seedMs) * 1000,
    switchMs,
    loadMs,
    workerStartupMs,
    switchMedianMs: median(switchMs),
    loadMedianMs: median(loadMs),
  };
}

/**
 * The long session's messages for the page to fetch, batch by batch (GET /__bench/seed/N).
 * Fetched over HTTP rather than passed to page.evaluate: Playwright takes ~3 s to carry the
 * 8 MB of one 10,000-message batch, fetch a few milliseconds.
 */
export function seedBatches(sizes: BenchSizes): (path: string) => string | undefined {
  const spec = openSessionSpec(sizes);
  return (path) => {
    const index = Number(/^\/__bench\/seed\/(\d+)$/.exec(path)?.[1]);
    if (!Number.isSafeInteger(index) || index * sizes.batch >= spec.messages) return undefined;
    const from = index * sizes.batch;
    return JSON.stringify(messageBatches(spec, sizes.batch, from, Math.min(from + sizes.batch, spec.messages)).next().value);
  };
}

/** The long session, through the app's own insertMany in `batch`-row calls (timed in the page). */
async function seedLongSession(page: Page, spec: CorpusSpec, batch: number) {
  const longId = await page.evaluate(
    (name) => (window as unknown as TestWindow).libragent.sessions.create({ name }).then((s) => s.id),
    LONG,
  );
  let seedMs = 0;
  for (let index = 0; index * batch < spec.messages; index++) {
    seedMs += await page.evaluate(
      async ({ index, longId }) => {
        const response = await fetch(`/__bench/seed/${index}`);
        const messages = ((await response.json()) as Message[]).map((message) => ({ ...message, sessionId: longId }));
        const start = performance.now();
        await (window as unknown as TestWindow).libragent.messages.insertMany(messages);
        return performance.now() - start;
      },
      { index, longId },
    );
  }
  return { longId, lastId: lastShownId(spec), seedMs };
}

/** The newest message the list draws: a tool result is drawn inside its call's card instead. */
function lastShownId(spec: CorpusSpec): string {
  for (let index = spec.messages - 1; index >= 0; index--) {
    const message = messageAt(spec, index);
    if (message.role !== 'tool') return message.id;
  }
  throw new Error('The long session has no message to show.');
}

async function waitUntilReady(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Sessions' }).waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => 'libragent' in window);
}

/** A short, more recent session, so the app does not open the long one by itself. */
async function seedOtherSession(page: Page): Promise<string> {
  return page.evaluate(async (name) => {
    const api = (window as unknown as TestWindow).libragent;
    const session = await api.sessions.create({ name });
    const now = Date.now();
    const message = (i: number): Message => ({
      id: `bench-other-${i}`,
      sessionId: session.id,
      role: i % 2 ? 'assistant' : 'user',
      content: `Short message ${i}`,
      toolCalls: null,
      toolCallId: null,
      isStreaming: false,
      thinking: null,
      thinkingSignature: null,
      assistantId: null,
      attachments: null,
      toolUse: null,
      createdAt: now + i,
      updatedAt: now + i,
      source: null,
      error: null,
    });
    await api.messages.insertMany([message(0), message(1)]);
    return 'bench-other-1';
  }, OTHER);
}

/** Clicks the session in the sidebar; ms until `lastId` is on screen and a frame has painted it. */
function openSession(page: Page, name: string, lastId: string): Promise<number> {
  return page.evaluate(
    async ({ name, lastId }) => {
      const buttons = [...document.querySelectorAll<HTMLButtonElement>('nav[aria-label="Sessions"] button')];
      const button = buttons.find((candidate) => candidate.textContent?.includes(name));
      if (!button) throw new Error(`No session button named ${name}`);
      const start = performance.now();
      button.click();
      await new Promise<void>((resolve, reject) => {
        const check = () => {
          const rect = document.querySelector(`[data-message-id="${lastId}"]`)?.getBoundingClientRect();
          // On screen in this frame: the next frame callback runs after it was painted.
          if (rect && rect.height > 0 && rect.top < innerHeight && rect.bottom > 0) requestAnimationFrame(() => resolve());
          else if (performance.now() - start > 60_000) reject(new Error(`${lastId} never appeared`));
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      });
      return performance.now() - start;
    },
    { name, lastId },
  );
}

/** A fresh page load of the session's URL: ms from navigation start to the newest message painted. */
async function loadStraightInto(context: BrowserContext, url: string, lastId: string) {
  const page = await context.newPage();
  try {
    await page.addInitScript((lastId) => {
      const check = () => {
        const rect = document.querySelector(`[data-message-id="${lastId}"]`)?.getBoundingClientRect();
        if (rect && rect.height > 0 && rect.top < innerHeight && rect.bottom > 0) {
          requestAnimationFrame(() => ((window as unknown as { benchPainted: number }).benchPainted = performance.now()));
        } else {
          requestAnimationFrame(check);
        }
      };
      requestAnimationFrame(check);
    }, lastId);
    await page.goto(url);
    await page.waitForFunction(() => 'benchPainted' in window, undefined, { timeout: 60_000 });
    return await page.evaluate(async () => ({
      paintedMs: (window as unknown as { benchPainted: number }).benchPainted,
      workerStartupMs: (await (window as unknown as TestWindow).libragent.info()).startupMs,
    }));
  } finally {
    await page.close();
  }
}
