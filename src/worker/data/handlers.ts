import { transfer } from 'comlink';
import type { Services } from '../compose';
import type { BackupSummary } from './backup/backup';
import type { BackupFile, ExportFile, ImportSummary, WorkspaceFile } from './data-service';

/** Backup, restore, export and import, in the tab that owns the database. */
export const dataHandlers = (services: () => Services) => ({
  /** The whole database as a `.sqlite3` file, without API keys. */
  backup: (): BackupFile => {
    const file = services().data.backup();
    return transfer(file, [file.bytes.buffer]);
  },

  /**
   * Checks a backup file (header, integrity, schema version, foreign keys; an older schema is
   * migrated in the copy) without touching the current data, and keeps it ready for `restore`.
   */
  inspectBackup: (bytes: Uint8Array): BackupSummary & { token: string } => services().data.inspectBackup(bytes),

  /** Replaces all data with the backup `inspectBackup` checked, in one transaction, keeping this device's API keys. */
  restore: (token: string): BackupSummary => services().data.restore(token),

  /** Lets go of the backup `inspectBackup` kept ready. */
  cancelRestore: (): void => services().data.discardPending(),

  /** The session's workspace as one ZIP: `transcript.md` and `documents/` (the text of each item). */
  exportWorkspace: (sessionId: string): WorkspaceFile => {
    const file = services().data.exportWorkspace(sessionId);
    return transfer(file, [file.bytes.buffer as ArrayBuffer]);
  },

  /** One session as Markdown or JSON. */
  exportSession: (sessionId: string, format: 'markdown' | 'json'): ExportFile => services().data.exportSession(sessionId, format),

  /** Every session as one JSON file. */
  exportAll: (): ExportFile => services().data.exportAll(),

  /** Imports our JSON export or ChatGPT's conversations.json: every session, or none. */
  import: (text: string): ImportSummary => services().data.importText(text),
});
