import { transfer } from 'comlink';
import type { Services } from '../compose';
import type { BackupSummary } from './backup/backup';
import type { BackupFile, ExportFile, ImportSummary, WorkspaceFile } from './data-service';

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

  /** Replaces all data with the backup `inspectBackup` checked, in one transaction, keeping this device's API keys. */
  restore: async (token: string): Promise<BackupSummary> => (await services().data()).restore(token),

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
