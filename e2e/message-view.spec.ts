import { expect, test } from '@playwright/test';
import { AppPage, type TestWindow } from './support/app';
import { seedSession } from './support/seed';

test('messages render by role: sanitized Markdown, thinking, tool calls with their results, errors', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await seedSession(page, 'Rendering', [
    { role: 'system', content: 'You are helpful.' },
    { role: 'user', content: 'Show me **markdown** <b>as typed</b>' },
    {
      role: 'assistant',
      thinking: 'The user wants a table.',
      content: [
        '# Result',
        '',
        '| a | b |',
        '|---|---|',
        '| 1 | 2 |',
        '',
        '```js',
        'console.log("hi")',
        '```',
        '',
        '[docs](https://example.com/docs) and [bad](javascript:alert(1))',
        '',
        '<img src=x onerror="alert(\'xss\')"><script>alert("xss")</script>',
      ].join('\n'),
      toolCalls: [{ id: 'call-1', type: 'function', function: { name: 'list_content', arguments: '{"limit":5}' } }],
    },
    { role: 'tool', toolCallId: 'call-1', content: '[]' },
    { role: 'assistant', content: 'Partial answer', error: 'The provider answered 429: too many requests.' },
  ]);
  await page.reload();
  await app.waitUntilReady();

  const items = app.messages();
  await expect(items).toHaveCount(4); // The tool result is shown inside its call's card.
  await expect(page.getByRole('article', { name: 'System message' })).toContainText('You are helpful.');
  const user = page.getByRole('article', { name: 'You message' });
  await expect(user).toContainText('Show me **markdown** <b>as typed</b>');

  const answer = page.getByRole('article', { name: 'Assistant message' }).first();
  await expect(answer.getByRole('heading', { name: 'Result' })).toBeVisible();
  await expect(answer.getByRole('table')).toContainText('1');
  await expect(answer.getByRole('button', { name: 'Copy code' })).toBeVisible();
  const link = answer.getByRole('link', { name: 'docs' });
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', /noopener/);
  await expect(answer.getByRole('link', { name: 'bad' })).toHaveCount(0);
  expect(await answer.locator('script, [onerror]').count()).toBe(0);

  await expect(answer.getByText('The user wants a table.')).toBeHidden();
  await answer.getByText('Thinking').click();
  await expect(answer.getByText('The user wants a table.')).toBeVisible();

  const card = answer.locator('details', { hasText: 'Tool call' });
  await expect(card).toContainText('list_content');
  await expect(card).toContainText('done');
  await card.locator('summary').click();
  await expect(card).toContainText('"limit": 5');
  await expect(card).toContainText('[]');

  await expect(page.getByRole('article', { name: 'Assistant message' }).last().getByRole('alert')).toContainText('429');
  // Every image has loaded or failed, so any onerror would have run (and its alert been seen) by now.
  await page.waitForFunction(() => [...document.images].every((image) => image.complete));
  expect(dialogs).toEqual([]);
});

test('a 100,000-message session opens at the newest message, keeps its place while scrolling back, and reaches the oldest', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  const sessionId = await page.evaluate(async () => {
    const api = (window as unknown as TestWindow).libragent;
    const session = await api.sessions.create({ name: 'Long history' });
    const base = 1_600_000_000_000;
    for (let batch = 0; batch < 10; batch++) {
      await api.messages.insertMany(
        Array.from({ length: 10_000 }, (_, j) => {
          const i = batch * 10_000 + j;
          return {
            id: `long-${i}`,
            sessionId: session.id,
            role: i % 2 ? ('assistant' as const) : ('user' as const),
            content: `Message number ${i}. ${'Some words to make it a realistic length. '.repeat(1 + (i % 5))}`,
            toolCalls: null,
            toolCallId: null,
            isStreaming: false,
            thinking: null,
            thinkingSignature: null,
            assistantId: null,
            attachments: null,
            toolUse: null,
            createdAt: base + i * 1000,
            updatedAt: base + i * 1000,
            source: null,
            error: null,
          };
        }),
      );
    }
    return session.id;
  });
  await page.reload();
  await app.waitUntilReady();
  await expect(app.messages().last()).toContainText('Message number 99999.');
  await expect(app.messages().last()).toBeInViewport();
  // The newest messages are drawn first; the rest of the first page follows.
  await expect(app.messages()).toHaveCount(50);
  await expect(app.messages().last()).toBeInViewport();

  // Scroll back: older pages arrive above without moving what the user is reading.
  // Each time the user reaches the top of what is loaded, one more page arrives: scroll up until
  // the message three pages back is there (a scroll while a page is loading loads nothing more).
  const scroller = page.locator('.scroller');
  await expect(async () => {
    await scroller.evaluate((el) => (el.scrollTop = 0));
    await expect(page.getByText('Message number 99850.')).toBeAttached({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });

  // Near the top, the next older page loads; the message the user is reading must not move.
  const firstLoaded = () => app.messages().first().getAttribute('data-message-id');
  const firstBefore = await firstLoaded();
  const reading = await scroller.evaluate((el) => {
    el.scrollTop = 300;
    const top = el.getBoundingClientRect().top;
    const visible = [...el.querySelectorAll<HTMLElement>('[data-message-id]')].find(
      (m) => m.getBoundingClientRect().bottom > top + 50,
    )!;
    return { id: visible.dataset.messageId!, y: visible.getBoundingClientRect().top };
  });
  await expect.poll(firstLoaded).not.toBe(firstBefore);
  const yAfter = await page.locator(`[data-message-id="${reading.id}"]`).evaluate((el) => el.getBoundingClientRect().top);
  // Without anchoring it would jump by a whole page (thousands of pixels); allow sub-pixel rounding.
  expect(Math.abs(yAfter - reading.y)).toBeLessThanOrEqual(4);

  // The DOM stays bounded however far the user scrolls.
  expect(await app.messages().count()).toBeLessThanOrEqual(300);

  await page.getByRole('button', { name: 'Jump to first' }).click();
  await expect(app.messages().first()).toContainText('Message number 0.');
  await expect(app.messages().first()).toBeInViewport();
  await page.getByRole('button', { name: 'Jump to latest' }).click();
  await expect(app.messages().last()).toContainText('Message number 99999.');

  // A deep link opens the session scrolled to one message, highlighted.
  await page.goto(`/#/session/${sessionId}/message/long-54321`);
  await app.waitUntilReady();
  const target = page.locator('[data-message-id="long-54321"]');
  await expect(target).toBeInViewport();
  await expect(target).toHaveClass(/highlighted/);
});
