import { describeError } from './connection.svelte';

/** The one line of trouble the chat view shows (a failed action), until the next success or a dismissal. */
export class Notice {
  text = $state<string | null>(null);

  /** Runs an action; a failure becomes the notice, a success clears it. Never throws. */
  async attempt(work: () => Promise<void>): Promise<boolean> {
    try {
      await work();
      this.text = null;
      return true;
    } catch (error) {
      this.report(error);
      return false;
    }
  }

  report(error: unknown): void {
    this.text = describeError(error).message;
  }

  dismiss(): void {
    this.text = null;
  }
}
