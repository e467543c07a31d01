import { expect, test, type Page } from '@playwright/test';
import { AppPage, type TestWindow } from './support/app';

/**
 * Hostile content (issue 10, point 4): messages and documents holding HTML and script,
 * `javascript:` links, a 10 MB message, a 1 MB line, zero-width and right-to-left characters,
 * NUL, SQL-looking strings and lone surrogates are rendered safely (no script runs: checked in
 * the browser), stored exactly (compared as JavaScript strings, code unit for code unit) and
 * found by search.
 *
 * A script that ran would set `window.__pwned` or open a dialog; both are watched.
 */

const PAYLOADS: Record<string, string> = {
  html: '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><svg onload="window.__pwned=3"></svg>',
  iframe: '<iframe srcdoc="<script>parent.__pwned=4</script>"></iframe><object data="javascript:window.__pwned=5"></object>',
  markdownLink:
    '[click me](javascript:window.__pwned=6) and [again](JaVaScRiPt:alert(1)) and <a href="javascript:window.__pwned=7">raw</a>',
  eventAttr:
    '<div onmouseover="window.__pwned=8" style="position:fixed;inset:0">hover</div><details open ontoggle="window.__pwned=9">x</details>',
  invisible: 'zero\u200bwidth\u200c\u200d\u2060\ufeff and \u202eright-to-left\u202c \u2066isolate\u2069 \u061c',
  nul: 'before\u0000between\u0000\u0000after',
  sql: "'); DROP TABLE messages; -- \" OR 1=1 -- ; DELETE FROM sessions WHERE '1'='1",
  surrogates: 'lone high \ud800 lone low \udfff reversed \udc00\ud800 and a real pair 😀',
  longLine: `${'x'.repeat(1024 * 1024)} end of the long line`,
};

/** A word per payload that search must find (each also appears nowhere else). */
const marker = (name: string) => `hostilemarker${name.toLowerCase()}`;

function withMarker(name: string): string {
  return `${PAYLOADS[name]}\n\n${marker(name)}`;
}

async function watchForScripts(page: Page): Promise<string[]> {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return dialogs;
}

async function pwned(page: Page): Promise<unknown> {
  return page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned ?? null);
}

test('hostile messages are rendered inert and stored exactly', async ({ page }) => {
  test.setTimeout(120_000);
  const dialogs = await watchForScripts(page);
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  const names = Object.keys(PAYLOADS);
  const texts = names.map(withMarker);
  const { sessionId, roundTrip } = await page.evaluate(async (texts) => {
    const api = (window as unknown as TestWindow).libragent;
    const session = await api.sessions.create({ name: 'Hostile messages' });
    // As the user wrote them (plain text) and as an assistant answered them (rendered Markdown).
    const sent: { id: string }[] = [];
    for (const text of texts) sent.push(await api.messages.send(session.id, text));
    const at = Date.now();
    await api.messages.insertMany(
      texts.map((content, i) => ({
        id: `answer-${i}`,
        sessionId: session.id,
        role: 'assistant',
        content,
        createdAt: at + i,
        updatedAt: at + i,
      })) as never,
    );
    const stored = (await api.messages.history(session.id, null, 100)).items;
    const byId = new Map(stored.map((m) => [m.id, m.content]));
    return {
      sessionId: session.id,
      roundTrip: texts.map((text, i) => byId.get(sent[i].id) === text && byId.get(`answer-${i}`) === text),
    };
  }, texts);
  expect(Object.fromEntries(names.map((name, i) => [name, roundTrip[i]]))).toEqual(
    Object.fromEntries(names.map((name) => [name, true])),
  );

  await app.goto(`#/session/${encodeURIComponent(sessionId)}`);
  const list = page.getByRole('list', { name: 'Messages' });
  await expect(list.getByText(marker('longLine')).first()).toBeVisible({ timeout: 20_000 });
  // Scroll through everything so each message is rendered at least once.
  await list.evaluate(async (element) => {
    const scroller = element.closest('[data-scroller]') ?? element.parentElement ?? element;
    for (let step = 0; step <= 60; step++) {
      scroller.scrollTop = (scroller.scrollHeight * step) / 60;
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
  });
  await page.mouse.move(200, 200);
  const dom = await page.evaluate(() => ({
    scripts: document.querySelectorAll(
      '[aria-label="Messages"] script, [aria-label="Messages"] iframe, [aria-label="Messages"] object',
    ).length,
    jsLinks: [...document.querySelectorAll('a[href]')].filter((a) => /^\s*javascript:/i.test(a.getAttribute('href') ?? ''))
      .length,
    handlers: [...document.querySelectorAll('[aria-label="Messages"] *')].filter((el) =>
      [...el.attributes].some((attr) => attr.name.startsWith('on')),
    ).length,
  }));
  expect(dom).toEqual({ scripts: 0, jsLinks: 0, handlers: 0 });
  // The Markdown link text is shown, but is no link that runs anything.
  const link = list.getByText('click me').first();
  await expect(link).toBeVisible();
  await link.click();
  expect(await pwned(page)).toBeNull();
  expect(dialogs).toEqual([]);
});

test('a 10 MB message is stored exactly and rendered without freezing the page', async ({ page }) => {
  test.setTimeout(120_000);
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  const { sessionId, exact } = await page.evaluate(async () => {
    const api = (window as unknown as TestWindow).libragent;
    const line = 'ten megabytes of text, line after line, to see that nothing freezes or truncates. ';
    const text = `${Array.from({ length: Math.ceil((10 * 1024 * 1024) / line.length) }, (_, i) => `${i} ${line}`).join('\n')}\nhugemessageend`;
    const session = await api.sessions.create({ name: 'Huge message' });
    const sent = await api.messages.send(session.id, text);
    const stored = (await api.messages.history(session.id, null, 10)).items.find((m) => m.id === sent.id);
    return { sessionId: session.id, exact: stored?.content === text && text.length >= 10 * 1024 * 1024 };
  });
  expect(exact).toBe(true);
  await app.goto(`#/session/${encodeURIComponent(sessionId)}`);
  await expect(app.userMessages().first()).toBeVisible({ timeout: 30_000 });
  // Not frozen: the page still takes typing and shows it, and the message's end was drawn.
  await app.composer().pressSequentially('still here');
  await expect(app.composer()).toHaveValue('still here');
  await expect(page.getByText('hugemessageend')).toBeAttached();
});

test('hostile documents are stored exactly, found by search and shown inert', async ({ page }) => {
  test.setTimeout(120_000);
  const dialogs = await watchForScripts(page);
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  const names = Object.keys(PAYLOADS);
  const texts = names.map(withMarker);
  const result = await page.evaluate(
    async ({ texts, markers }) => {
      const api = (window as unknown as TestWindow).libragent;
      const session = await api.sessions.create({ name: 'Hostile documents' });
      const ids = [];
      for (const [i, text] of texts.entries()) ids.push((await api.content.addText(session.id, `hostile-${i}.md`, text)).id);
      const exact = [];
      const found = [];
      for (const [i, id] of ids.entries()) {
        exact.push((await api.content.get(session.id, id)).content === texts[i]);
        const hits = await api.content.search(session.id, markers[i], 5);
        found.push(hits.some((hit) => hit.contentId === id));
      }
      return { sessionId: session.id, ids, exact, found };
    },
    { texts, markers: names.map(marker) },
  );
  expect(Object.fromEntries(names.map((n, i) => [n, [result.exact[i], result.found[i]]]))).toEqual(
    Object.fromEntries(names.map((n) => [n, [true, true]])),
  );

  // Also through the file chooser, as a user uploads: the HTML and link payloads as Markdown files.
  await app.goto(`#/session/${encodeURIComponent(result.sessionId)}`);
  await page.getByRole('button', { name: /^Documents/ }).click();
  await page.getByLabel('Choose files to upload').setInputFiles(
    ['html', 'markdownLink', 'eventAttr'].map((name) => ({
      name: `upload-${name}.md`,
      mimeType: 'text/markdown',
      buffer: Buffer.from(withMarker(name)),
    })),
  );
  await expect
    .poll(
      () =>
        page.evaluate(
          async (sessionId) =>
            (await (window as unknown as TestWindow).libragent.content.list(sessionId, 0, 100)).filter((i) =>
              i.filename.startsWith('upload-'),
            ).length,
          result.sessionId,
        ),
      { timeout: 30_000 },
    )
    .toBe(3);
  const uploaded = await page.evaluate(
    async ({ sessionId, expected }) => {
      const api = (window as unknown as TestWindow).libragent;
      const items = await api.content.list(sessionId, 0, 100);
      const out: Record<string, boolean | string> = {};
      for (const [name, text] of Object.entries(expected)) {
        const item = items.find((i) => i.filename === `upload-${name}.md`);
        const stored = item ? (await api.content.get(sessionId, item.id)).content : '(missing)';
        out[name] = stored === text || JSON.stringify(stored);
      }
      return out;
    },
    {
      sessionId: result.sessionId,
      expected: Object.fromEntries(['html', 'markdownLink', 'eventAttr'].map((n) => [n, withMarker(n)])),
    },
  );
  expect(uploaded).toEqual({ html: true, markdownLink: true, eventAttr: true });

  // Open each hostile document in the reader.
  for (const [i, id] of result.ids.entries()) {
    if (names[i] === 'longLine') continue;
    await app.goto(`#/session/${encodeURIComponent(result.sessionId)}/document/${encodeURIComponent(id)}/lines/1-3`);
    await expect(page.getByText(marker(names[i])).first()).toBeVisible({ timeout: 20_000 });
  }
  await page.mouse.move(300, 300);
  const jsLinks = await page.evaluate(
    () => [...document.querySelectorAll('a[href]')].filter((a) => /^\s*javascript:/i.test(a.getAttribute('href') ?? '')).length,
  );
  expect(jsLinks).toBe(0);
  expect(await pwned(page)).toBeNull();
  expect(dialogs).toEqual([]);
});

// Every hostile text (but the 1 MB line, which is one unwieldy word) is found by message search.
test('hostile messages are found by message search', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  const names = Object.keys(PAYLOADS).filter((name) => name !== 'longLine');
  const found = await page.evaluate(
    async ({ texts, markers }) => {
      const api = (window as unknown as TestWindow).libragent;
      const session = await api.sessions.create({ name: 'Hostile search' });
      const ids = [];
      for (const text of texts) ids.push((await api.messages.send(session.id, text)).id);
      const out = [];
      for (const [i, id] of ids.entries()) {
        const { hits } = await api.search.query({ text: markers[i] });
        out.push(hits.some((hit) => hit.kind === 'message' && hit.messageId === id));
      }
      return out;
    },
    { texts: names.map(withMarker), markers: names.map(marker) },
  );
  expect(found).toEqual(names.map(() => true));
});
