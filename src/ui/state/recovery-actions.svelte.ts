import { AppError } from '../../shared/errors';
import { MAX_BACKUP_BYTES, tooBigToRead } from '../../shared/file-limits';
import { downloadFile } from '../download';
import { describeError } from './connection.svelte';

interface CheckedBackup {
  token: string;
  sessions: number;
  messages: number;
  contents: number;
}

/** The worker's recovery calls for a database the start could not use (see `api.recovery`). */
export interface Recovery {
  /** Whether this tab's worker holds the old file (another tab may hold it instead). */
  available(): Promise<boolean>;
  exportReadable(): Promise<string>;
  inspectBackup(bytes: Uint8Array): Promise<CheckedBackup>;
  restore(token: string, confirmed: boolean): Promise<unknown>;
  startFresh(confirmed: boolean): Promise<{ backup: string }>;
}

/**
 * The startup screen's choices when the database could not be used: export what can be read,
 * restore a backup over it, or start fresh. The old file is kept whatever the user picks; a
 * choice that fails changes nothing, and says so.
 */
export class RecoveryActions {
  busy = $state<'export' | 'check' | 'restore' | 'fresh' | null>(null);
  exported = $state(false);
  error = $state<string | null>(null);
  /** A backup that was checked and waits for the user to confirm. */
  pending = $state.raw<(CheckedBackup & { name: string }) | null>(null);

  constructor(
    private readonly recovery: Recovery,
    /** Starts the app again once the database was replaced (a reload). */
    private readonly restart: () => void,
  ) {}

  exportReadable(): Promise<void> {
    return this.run('export', 'The export failed', async () => {
      const json = await this.recovery.exportReadable();
      // Today as 2026-12-02 (Sweden's locale writes dates as ISO 8601 does).
      const day = new Intl.DateTimeFormat('sv-SE').format(Date.now());
      downloadFile(`libragent-readable-${day}.json`, json, 'application/json');
      this.exported = true;
    });
  }

  chooseBackup(file: File): Promise<void> {
    this.pending = null;
    return this.run('check', 'This backup cannot be restored', async () => {
      const tooBig = tooBigToRead(file.size, MAX_BACKUP_BYTES, file.name);
      if (tooBig) throw new AppError('InvalidInput', tooBig);
      const checked = await this.recovery.inspectBackup(new Uint8Array(await file.arrayBuffer()));
      this.pending = { ...checked, name: file.name };
    });
  }

  restore(): Promise<void> {
    const chosen = this.pending;
    if (!chosen) return Promise.resolve();
    return this.run('restore', 'The restore failed', async () => {
      await this.recovery.restore(chosen.token, true);
      this.restart();
    });
  }

  startFresh(): Promise<void> {
    return this.run('fresh', 'Starting fresh failed, and nothing was deleted', async () => {
      await this.recovery.startFresh(true);
      this.restart();
    });
  }

  private async run(what: NonNullable<RecoveryActions['busy']>, failed: string, work: () => Promise<void>): Promise<void> {
    this.busy = what;
    this.error = null;
    try {
      await work();
      // A restart reloads the page: the buttons stay disabled until then.
      if (what !== 'restore' && what !== 'fresh') this.busy = null;
    } catch (error) {
      this.error = `${failed}: ${describeError(error).message}`;
      this.busy = null;
    }
  }
}
