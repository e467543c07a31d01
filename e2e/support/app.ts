import { expect, type Page } from '@playwright/test';

/** Page object for the workspace: the flows the tests repeat, in the words a user would use. */
export class AppPage {
  constructor(readonly page: Page) {}

  async goto(query = ''): Promise<void> {
    await this.page.goto(`/${query}`);
  }

  async waitUntilReady(): Promise<void> {
    await expect(this.page.getByRole('navigation', { name: 'Sessions' })).toBeVisible({ timeout: 20_000 });
  }

  /** Creates a session through the "New session" dialog; `assistant` picks one other than the default. */
  async newSession(options: { name?: string; assistant?: string } = {}): Promise<void> {
    const before = await this.sessionButtons().count();
    await this.page.getByRole('button', { name: 'New session', exact: true }).click();
    const dialog = this.page.getByRole('dialog', { name: 'New session' });
    if (options.name) await dialog.getByRole('textbox', { name: 'Name (optional)' }).fill(options.name);
    if (options.assistant) await dialog.getByRole('radio', { name: options.assistant }).check();
    await dialog.getByRole('button', { name: 'Create session' }).click();
    await expect(dialog).toBeHidden();
    await expect(this.sessionButtons()).toHaveCount(before + 1);
  }

  sessionButtons() {
    return this.page.getByRole('navigation', { name: 'Sessions' }).getByRole('listitem');
  }

  messages() {
    return this.page.getByRole('list', { name: 'Messages' }).getByRole('article');
  }

  /** What the user wrote (the assistant answers every message, so counts of all messages vary). */
  userMessages() {
    return this.page.getByRole('list', { name: 'Messages' }).getByRole('article', { name: 'You message' });
  }

  composer() {
    return this.page.getByRole('textbox', { name: 'Message' });
  }

  /**
   * Sends a message without waiting for its answer, to act while it streams. It first waits, as a
   * person would, until no answer is being written (Send is back in place of Stop): a message typed
   * while an answer streams is not sent.
   */
  async sendOnly(text: string): Promise<void> {
    await expect(this.page.getByRole('button', { name: 'Send' })).toBeVisible({ timeout: 20_000 });
    await this.composer().fill(text);
    await this.composer().press('Enter');
    await expect(this.userMessages().last()).toContainText(text);
  }

  /** Sends a message and waits until it is saved and the assistant's answer is complete. */
  async send(text: string): Promise<void> {
    const answers = this.page.getByRole('list', { name: 'Messages' }).getByRole('article', { name: 'Assistant message' });
    const before = await answers.count();
    await this.composer().fill(text);
    await this.composer().press('Enter');
    await expect(this.userMessages().last()).toContainText(text.split('\n')[0]);
    await expect.poll(() => answers.count(), { timeout: 20_000 }).toBeGreaterThan(before);
    await expect(this.page.getByRole('button', { name: 'Stop' })).toHaveCount(0, { timeout: 20_000 });
  }

  /**
   * The open session's newest answer as stored, once it is final (no longer streaming): nothing is
   * written to it after that, so what the screen shows then is what stays.
   */
  async finalAnswer(): Promise<{ content: string; error: string | null }> {
    const stored = () =>
      this.page.evaluate(async () => {
        const sessionId = decodeURIComponent(location.hash.split('/')[2]);
        const { items } = await (window as unknown as TestWindow).libragent.messages.history(sessionId);
        const answer = items.filter((message) => message.role === 'assistant').at(-1);
        return answer ? { content: answer.content, error: answer.error, isStreaming: answer.isStreaming } : null;
      });
    await expect.poll(async () => (await stored())?.isStreaming, { timeout: 15_000 }).toBe(false);
    const { content, error } = (await stored())!;
    return { content, error };
  }
}

/** Opens the session's Documents panel. */
export async function openDocuments(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Documents/ }).click();
  await expect(page.getByRole('complementary', { name: 'Documents' })).toBeVisible();
}

/** Opens Settings; returns the dialog. */
export async function openSettings(page: Page) {
  await page.getByRole('button', { name: 'Settings' }).click();
  return page.getByRole('dialog', { name: 'Settings' });
}

/** Opens the Assistants dialog; returns it. */
export async function openAssistants(page: Page) {
  await page.getByRole('button', { name: 'Assistants' }).click();
  return page.getByRole('dialog', { name: 'Assistants' });
}

/** The worker API as e2e builds expose it on `window`; use inside `page.evaluate`. */
export type TestWindow = Window & { libragent: import('../../src/worker/api').WorkerApi };
