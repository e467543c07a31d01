import { transfer } from 'comlink';
import type { Services } from '../compose';
import type { BackupSummary } from './backup/backup';
import type { BackupFile, ExportFile, ImportSummary, RestoreResult, WorkspaceFile } from './data-service';
import type { KeptCopyInfo } from './kept-copy/kept-copy';

/** Backup, restore, export and import, in the tab that owns the database. */
export const dataHandlers = (services: () => Services) => ({
  /** The whole database as a `.sqlite3` file, without API keys. */
  backup: async (): Promise<BackupFile> => {
    const file = (await services().data()).backup();
    return transfer(file, [file.bytes.buffer]);
  },

  /**
   * Checks a backup file (header, integrity, schema version, foreign keys; an older schema is
   * migrated in the copy) without touching the current data, and keeps it ready for `restore`.
   */
  inspectBackup: async (bytes: Uint8Array): Promise<BackupSummary & { token: string }> =>
    (await services().data()).inspectBackup(bytes),

  /**
   * Replaces all data with the backup `inspectBackup` checked, in one transaction, keeping this
   * device's API keys. The data from before is kept in this site's storage first (StorageFull,
   * and nothing replaced, when it cannot be), so `undoRestore` can bring it back.
   */
  restore: async (token: string): Promise<RestoreResult> => (await services().data()).restore(token),

  /** The copy of the data from before the last restore (when, and the space it uses), or null. */
  keptCopy: async (): Promise<KeptCopyInfo | null> => (await services().data()).keptCopy(),

  /** The kept copy as a `.sqlite3` backup file to download, without API keys. */
  exportKeptCopy: async (): Promise<BackupFile> => {
    const file = await (await services().data()).exportKeptCopy();
    return transfer(file, [file.bytes.buffer]);
  },

  /** Brings back the data from before the last restore, exactly (API keys included); the kept copy then goes. */
  undoRestore: async (): Promise<BackupSummary> => (await services().data()).undoRestore(),

  /** Deletes the kept copy, freeing its space; the last restore can then no longer be undone. */
  deleteKeptCopy: async (): Promise<void> => (await services().data()).deleteKeptCopy(),

  /** Lets go of the backup `inspectBackup` kept ready. */
  cancelRestore: async (): Promise<void> => (await services().data()).discardPending(),

  /** The session's workspace as one ZIP: `transcript.md` and `documents/` (the text of each item). */
  exportWorkspace: async (sessionId: string): Promise<WorkspaceFile> => {
    const file = (await services().data()).exportWorkspace(sessionId);
    return transfer(file, [file.bytes.buffer as ArrayBuffer]);
  },

  /** One session as Markdown or JSON. */
  exportSession: async (sessionId: string, format: 'markdown' | 'json'): Promise<ExportFile> =>
    (await services().data()).exportSession(sessionId, format),

  /** Every session as one JSON file. */
  exportAll: async (): Promise<ExportFile> => (await services().data()).exportAll(),

  /** Imports our JSON export or ChatGPT's conversations.json: every session, or none. */
  import: async (text: string): Promise<ImportSummary> => (await services().data()).importText(text),
});
