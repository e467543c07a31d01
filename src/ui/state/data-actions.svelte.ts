import type { Remote } from 'comlink';
import type { WorkerApi } from '../../shared/api';
import { AppError } from '../../shared/errors';
import { MAX_BACKUP_BYTES, MAX_IMPORT_BYTES, tooBigToRead } from '../../shared/file-limits';
import { formatBytes } from '../../shared/format';
import { downloadFile } from '../download';
import { describeError } from './connection.svelte';
import type { StorageStatus } from './storage.svelte';

type Inspected = Awaited<ReturnType<WorkerApi['data']['inspectBackup']>>;

const SQLITE_TYPE = 'application/vnd.sqlite3';

/**
 * The data section's actions: backup, restore, export and import. One runs at a time; each
 * says what it is doing, then what it did or why it failed, and the storage figures are read again.
 */
export class DataActions {
  /** What is under way, as the user reads it ("Restoring…"), or null. */
  working = $state<string | null>(null);
  message = $state<string | null>(null);
  error = $state<string | null>(null);
  /** A backup that was checked and waits for the user to confirm the restore. */
  pending = $state.raw<Inspected | null>(null);

  constructor(
    private readonly api: Remote<WorkerApi>,
    private readonly storage: StorageStatus,
  ) {}

  saveBackup(): Promise<void> {
    return this.run('Saving a backup…', async () => {
      const started = performance.now();
      const file = await this.api.data.backup();
      downloadFile(file.filename, file.bytes as Uint8Array<ArrayBuffer>, SQLITE_TYPE);
      return `Backup ${file.filename} saved (${formatBytes(file.bytes.byteLength)}, ${Math.round(performance.now() - started)} ms). It holds no API keys.`;
    });
  }

  chooseBackup(file: File): Promise<void> {
    this.pending = null;
    return this.run('Checking the backup…', async () => {
      const tooBig = tooBigToRead(file.size, MAX_BACKUP_BYTES, file.name);
      if (tooBig) throw new AppError('InvalidInput', tooBig);
      const bytes = new Uint8Array(await file.arrayBuffer());
      this.pending = await this.api.data.inspectBackup(bytes);
      return `${file.name} is a sound backup.`;
    });
  }

  async restore(): Promise<void> {
    const chosen = this.pending;
    if (!chosen) return;
    await this.run('Restoring…', async () => {
      // The current data goes to a file first, whatever happens next.
      const safety = await this.api.data.backup();
      downloadFile(safety.filename.replace('backup', 'before-restore'), safety.bytes as Uint8Array<ArrayBuffer>, SQLITE_TYPE);
      const summary = await this.api.data.restore(chosen.token);
      this.pending = null;
      return `Restored ${summary.sessions} sessions and ${summary.messages} messages. Your data from before was downloaded first. API keys on this device were kept.`;
    });
  }

  cancelRestore(): void {
    this.pending = null;
    this.message = null;
    void this.api.data.cancelRestore();
  }

  exportAll(): Promise<void> {
    return this.run('Exporting…', async () => {
      const file = await this.api.data.exportAll();
      downloadFile(file.filename, file.text, file.mimeType);
      return `Exported all sessions to ${file.filename}.`;
    });
  }

  importFile(file: File): Promise<void> {
    return this.run('Importing…', async () => {
      const tooBig = tooBigToRead(file.size, MAX_IMPORT_BYTES, file.name);
      if (tooBig) throw new AppError('InvalidInput', tooBig);
      const result = await this.api.data.import(await file.text());
      const from = result.kind === 'chatgpt' ? ' from ChatGPT' : '';
      return `Imported ${result.sessions} sessions with ${result.messages} messages${from}.`;
    });
  }

  private async run(label: string, work: () => Promise<string>): Promise<void> {
    this.working = label;
    this.message = null;
    this.error = null;
    try {
      this.message = await work();
    } catch (failure) {
      this.error = describeError(failure).message;
    } finally {
      this.working = null;
      void this.storage.refresh();
    }
  }
}
