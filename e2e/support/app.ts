import { expect, type Page } from '@playwright/test';

/** Page object for the workspace: the flows the tests repeat, in the words a user would use. */
export class AppPage {
  constructor(readonly page: Page) {}

  async goto(query = ''): Promise<void> {
    await this.page.goto(`/${query}`);
  }

  async waitUntilReady(): Promise<void> {
    await expect(this.page.getByRole('navigation', { name: 'Sessions' })).toBeVisible();
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

  composer() {
    return this.page.getByRole('textbox', { name: 'Message' });
  }

  async send(text: string): Promise<void> {
    await this.composer().fill(text);
    await this.composer().press('Enter');
    await expect(this.messages().last()).toContainText(text.split('\n')[0]);
  }
}

/** The worker API as e2e builds expose it on `window`; use inside `page.evaluate`. */
export type TestWindow = Window & { libragent: import('../../src/worker/api').WorkerApi };
