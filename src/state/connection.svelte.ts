import { proxy, type Remote } from 'comlink';
import { DbError, type ErrorCode } from '../lib/db/errors';
import type { DatabaseInfo, StartStatus, WorkerApi } from '../worker/api';
import type { TestHooks } from '../worker/test-hooks';

export type ConnectionState = 'starting' | 'waiting-for-other-tab' | 'ready' | 'failed';

/** The database worker's start-up, as the UI shows it: starting, waiting for another tab, ready or failed. */
export class Connection {
  state = $state<ConnectionState>('starting');
  info = $state.raw<DatabaseInfo | null>(null);
  failure = $state.raw<{ code: ErrorCode; message: string } | null>(null);

  constructor(readonly api: Remote<WorkerApi>) {}

  async start(hooks: TestHooks = {}): Promise<void> {
    this.state = 'starting';
    this.failure = null;
    try {
      const onStatus = proxy((status: StartStatus) => {
        if (status.state === 'waiting-for-other-tab') this.state = 'waiting-for-other-tab';
      });
      this.info = await this.api.start(onStatus, hooks);
      this.state = 'ready';
    } catch (error) {
      this.failure = describeError(error);
      this.state = 'failed';
    }
  }
}

export function describeError(error: unknown): { code: ErrorCode; message: string } {
  if (error instanceof DbError) return { code: error.code, message: error.message };
  return { code: 'Internal', message: error instanceof Error ? error.message : String(error) };
}
