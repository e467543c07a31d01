import type { Remote } from 'comlink';
import type { WorkerApi } from '../../shared/api';
import { AppError } from '../../shared/errors';
import { MAX_BACKUP_BYTES, MAX_IMPORT_BYTES, tooBigToRead } from '../../shared/file-limits';
import { countOf, formatBytes } from '../../shared/format';
import { downloadFile } from '../download';
import { describeError } from './connection.svelte';
import type { StorageStatus } from './storage.svelte';

type Inspected = Awaited<ReturnType<WorkerApi['data']['inspectBackup']>>;
type KeptCopy = Awaited<ReturnType<WorkerApi['data']['keptCopy']>>;

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
  /** The copy of the data from before the last restore, which "Undo the last restore" brings back; null if none. */
  kept = $state.raw<KeptCopy>(null);
  /** The user asked to undo and is asked to confirm. */
  confirmingUndo = $state(false);

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
      // The worker keeps the current data in this browser before it replaces anything.
      const result = await this.api.data.restore(chosen.token);
      this.pending = null;
      this.kept = result.kept;
      const restored = `Restored ${countOf(result.sessions, 'session')} and ${countOf(result.messages, 'message')}. API keys on this device were kept.`;
      if (!result.kept) return `${restored} Your data from before could not be kept, so this restore cannot be undone.`;
      // Also as a file, for safekeeping elsewhere; a download the browser blocks loses nothing.
      const downloaded = await this.downloadKeptCopy().then(
        () => true,
        () => false,
      );
      return `${restored} Your data from before is kept in this browser (Undo the last restore brings it back)${downloaded ? ' and was downloaded as a file' : ''}.`;
    });
  }

  /** Reads whether a copy from before a restore is kept, and how much space it uses. */
  async loadKeptCopy(): Promise<void> {
    try {
      this.kept = await this.api.data.keptCopy();
    } catch {
      this.kept = null; // Shown as nothing to undo; the action itself would say what is wrong.
    }
  }

  saveKeptCopy(): Promise<void> {
    return this.run('Saving the data from before the restore…', async () => {
      const name = await this.downloadKeptCopy();
      return `${name} saved. It holds no API keys.`;
    });
  }

  undoRestore(): Promise<void> {
    this.confirmingUndo = false;
    return this.run('Undoing the restore…', async () => {
      const summary = await this.api.data.undoRestore();
      this.kept = null;
      return `The restore was undone: your ${countOf(summary.sessions, 'session')} and ${countOf(summary.messages, 'message')} from before it are back.`;
    });
  }

  deleteKeptCopy(): Promise<void> {
    this.confirmingUndo = false;
    return this.run('Deleting the data from before the restore…', async () => {
      await this.api.data.deleteKeptCopy();
      this.kept = null;
      return 'The copy of your data from before the restore was deleted; the restore can no longer be undone.';
    });
  }

  private async downloadKeptCopy(): Promise<string> {
    const file = await this.api.data.exportKeptCopy();
    downloadFile(file.filename, file.bytes as Uint8Array<ArrayBuffer>, SQLITE_TYPE);
    return file.filename;
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
      return `Imported ${countOf(result.sessions, 'session')} with ${countOf(result.messages, 'message')}${from}.`;
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
