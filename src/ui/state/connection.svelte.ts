import type { Remote } from 'comlink';
import { AppError, type ErrorCode } from '../../shared/errors';
import type { DatabaseInfo, TestHooks, WorkerApi } from '../../shared/api';

export type ConnectionState = 'starting' | 'ready' | 'failed';

/** How long a passing notice (the worker was restarted) stays on screen. */
const NOTICE_MS = 6000;

/**
 * The database worker's start-up, as the UI shows it: starting, ready or failed. Another tab
 * holding the database is not a state here: this tab's calls go to that tab (see worker/api.ts).
 */
export class Connection {
  state = $state<ConnectionState>('starting');
  info = $state.raw<DatabaseInfo | null>(null);
  failure = $state.raw<{ code: ErrorCode; message: string } | null>(null);
  /** A short message about the connection itself, shown for a few seconds. */
  notice = $state<string | null>(null);
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly api: Remote<WorkerApi>) {}

  async start(hooks: TestHooks = {}): Promise<void> {
    this.state = 'starting';
    this.failure = null;
    try {
      this.info = await this.api.start(hooks);
      this.state = 'ready';
    } catch (error) {
      this.failure = describeError(error);
      this.state = 'failed';
    }
  }

  /**
   * The integrity check the database's start did not wait for: asked once the first screen is
   * drawn. A damaged file ends in the startup screen, as if the start had found it.
   */
  async watchIntegrity(): Promise<void> {
    if (this.state !== 'ready') return;
    try {
      await this.api.integrity();
    } catch (error) {
      const failure = describeError(error);
      if (failure.code !== 'Corrupt') return console.warn('The integrity check could not run:', error);
      this.failure = failure;
      this.state = 'failed';
    }
  }

  /** What a reload of this tab would interrupt, in the update prompt's words; null if nothing. */
  async busyReason(): Promise<string | null> {
    if (this.state !== 'ready') return null;
    const activity = await this.api.activity();
    return activity.answering ? 'the answer being written' : activity.uploading ? 'the upload' : null;
  }

  /** The worker died under the UI and the host replaced it (or could not). */
  restarted = (outcome: { ok: boolean; error?: unknown }): void => {
    this.show(
      outcome.ok
        ? 'The database worker stopped and was restarted; nothing was lost.'
        : `The database worker stopped and could not be restarted: ${describeError(outcome.error).message}`,
    );
  };

  private show(message: string): void {
    clearTimeout(this.noticeTimer);
    this.notice = message;
    this.noticeTimer = setTimeout(() => (this.notice = null), NOTICE_MS);
  }
}

export function describeError(error: unknown): { code: ErrorCode; message: string } {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  return { code: 'Internal', message: error instanceof Error ? error.message : String(error) };
}
