import { MAX_BACKUP_BYTES, MAX_IMPORT_BYTES, tooBigToRead } from '../../shared/file-limits';
import { requireId } from '../../shared/validate';
import type { Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { createBackup, openBackup, replaceDatabase, restoreBackup, withoutApiKeys, type BackupSummary } from './backup/backup';
import { keepCurrentDatabase } from './backup/keep-current';
import type { KeptCopyInfo, KeptCopyStore } from './kept-copy/kept-copy';
import { AppError, invalidInput, notFound } from '../../shared/errors';
import type { Migration } from '../db/migrate';
import type { SqlClient } from '../db/sqlite/sql-client';
import { makeArchive } from './export/archive';
import { sessionFileName } from './export/file-names';
import { fromChatGpt, isChatGptExport } from './export/chatgpt';
import { importArchive, type ImportResult } from './export/import-archive';
import { sessionToMarkdown } from './export/markdown';
import { parseArchive } from './export/parse-archive';
import { readAllSessions, readArchiveSession } from './export/read-archive';
import type { ChangeFeed } from '../change-feed';
import type { ContentService } from '../content/content-service';
import type { Repositories } from '../db/repositories';
import { readWorkspace } from './export/read-workspace';

/** A file for the UI to offer as a download. */
export interface ExportFile {
  filename: string;
  mimeType: string;
  text: string;
}

export interface BackupFile {
  filename: string;
  bytes: Uint8Array;
}

/** A session's workspace ZIP (`transcript.md` and `documents/`), for the UI to offer as a download. */
export interface WorkspaceFile {
  filename: string;
  bytes: Uint8Array;
}

export type ImportSummary = ImportResult & { kind: 'libragent' | 'chatgpt' };

/** A checked backup waiting for the user's go-ahead (see `inspectBackup`). */
interface PendingRestore {
  token: string;
  copy: SqlClient;
  summary: BackupSummary;
}

const noKeptCopy = () => notFound('There is no restore to undo: no copy of the data from before one is kept.');

const stamp = (now: Date) => now.toISOString().slice(0, 19).replace(/[:T]/g, '-');

export interface DataDependencies {
  sqlite3: Sqlite3Static;
  sql: SqlClient;
  repos: Repositories;
  /** The content stores, for the documents of a workspace export. */
  content: ContentService;
  migrations: Migration[];
  changes: ChangeFeed;
  /** Whether an answer or an upload is running: a restore must not pull the data from under it. */
  busy: () => boolean;
  /** Rebuilds every service over the restored database, so no cache shows the old data. */
  afterRestore: () => void;
  /** Where a restore keeps the data it replaces, for its undo. */
  kept: KeptCopyStore;
}

/** The result of a restore: what the backup held, and the copy of the data from before it. */
export type RestoreResult = BackupSummary & { kept: KeptCopyInfo | null };

const busy = () => new AppError('Busy', 'An answer or an upload is still running. Restore once it has finished.');

/**
 * Backups (the whole database as a `.sqlite3` file, without API keys), restore, the export of a
 * session's workspace as a ZIP, and the export and import of sessions as JSON or Markdown and
 * from ChatGPT.
 */
export class DataService {
  private pending: PendingRestore | undefined;

  constructor(private readonly deps: DataDependencies) {}

  backup(now = new Date()): BackupFile {
    return { filename: `libragent-backup-${stamp(now)}.sqlite3`, bytes: createBackup(this.deps.sqlite3, this.deps.sql) };
  }

  /**
   * Checks a backup file without touching the current data and keeps it ready for `restore`.
   * Throws InvalidInput, Corrupt, SchemaTooNew or MigrationFailed with what is wrong.
   */
  inspectBackup(bytes: Uint8Array): BackupSummary & { token: string } {
    if (!(bytes instanceof Uint8Array)) throw invalidInput('Pass the backup file as bytes.');
    const tooBig = tooBigToRead(bytes.byteLength, MAX_BACKUP_BYTES, 'This backup');
    if (tooBig) throw invalidInput(tooBig);
    this.discardPending();
    const { copy, summary } = openBackup(this.deps.sqlite3, bytes, this.deps.migrations);
    this.pending = { token: crypto.randomUUID(), copy, summary };
    return { ...summary, token: this.pending.token };
  }

  /**
   * Replaces the current data with the checked backup, in one transaction, keeping this device's
   * API keys. The current data is kept first (kept-copy/), so the restore can be undone; storage
   * too full to keep it stops the restore before anything is replaced.
   */
  async restore(token: string): Promise<RestoreResult> {
    const pending = this.pending;
    if (!pending || pending.token !== token) throw invalidInput('Choose the backup file again: this one is no longer ready.');
    if (this.deps.busy()) throw busy();
    const draft = await this.deps.kept.begin(Date.now());
    try {
      // From here to the end of the restore nothing awaits, so no other call writes in between.
      if (this.pending !== pending) throw invalidInput('Choose the backup file again: another one was chosen meanwhile.');
      if (this.deps.busy()) throw busy();
      keepCurrentDatabase(this.deps.sql, draft);
      restoreBackup(this.deps.sqlite3, pending.copy, this.deps.sql);
    } catch (error) {
      await draft.discard();
      throw error;
    }
    this.discardPending();
    this.restored();
    try {
      return { ...pending.summary, kept: await draft.commit() };
    } catch (error) {
      // Restored all the same: only the undo is lost (the draft is swept by the next restore).
      // The copy kept by an earlier restore goes too: its undo would drop everything since.
      console.warn('The copy of the data from before the restore could not be kept:', error);
      await this.deps.kept.remove().catch(() => undefined);
      return { ...pending.summary, kept: null };
    }
  }

  /** The copy of the data from before the last restore, if one is kept. */
  async keptCopy(): Promise<KeptCopyInfo | null> {
    return (await this.deps.kept.info()) ?? null;
  }

  /** The kept copy as a backup file to download: without API keys, like every backup. */
  async exportKeptCopy(): Promise<BackupFile> {
    const info = await this.deps.kept.info();
    const bytes = await this.deps.kept.read();
    if (!info || !bytes) throw noKeptCopy();
    return {
      filename: `libragent-before-restore-${stamp(new Date(info.takenAt))}.sqlite3`,
      bytes: withoutApiKeys(this.deps.sqlite3, bytes),
    };
  }

  /**
   * Undoes the last restore: the kept copy is checked like any backup, then replaces the current
   * data exactly as it was before the restore, API keys included; the kept copy is then removed.
   */
  async undoRestore(): Promise<BackupSummary> {
    if (this.deps.busy()) throw busy();
    const bytes = await this.deps.kept.read();
    if (!bytes) throw noKeptCopy();
    const { copy, summary } = openBackup(this.deps.sqlite3, bytes, this.deps.migrations, 'this-device');
    try {
      if (this.deps.busy()) throw busy();
      replaceDatabase(this.deps.sqlite3, copy, this.deps.sql);
    } finally {
      copy.close();
    }
    this.restored();
    await this.deps.kept.remove();
    return summary;
  }

  /** Deletes the kept copy, freeing the space it used; the restore can then no longer be undone. */
  deleteKeptCopy(): Promise<void> {
    return this.deps.kept.remove();
  }

  private restored(): void {
    this.deps.afterRestore();
    this.deps.changes.emit({ kind: 'restored' });
  }

  discardPending(): void {
    this.pending?.copy.close();
    this.pending = undefined;
  }

  /** The session's workspace as one ZIP: `transcript.md` and `documents/` (the text of each item). */
  exportWorkspace(sessionId: string): WorkspaceFile {
    return readWorkspace(this.deps.repos, this.deps.content, sessionId);
  }

  exportSession(sessionId: string, format: 'markdown' | 'json'): ExportFile {
    requireId(sessionId, 'Session id');
    const entry = readArchiveSession(this.deps.sql, sessionId);
    if (format === 'markdown') {
      return { filename: sessionFileName(entry.session.name, '.md'), mimeType: 'text/markdown', text: sessionToMarkdown(entry) };
    }
    if (format !== 'json') throw invalidInput('Export as "markdown" or "json".');
    return {
      filename: sessionFileName(entry.session.name, '.json'),
      mimeType: 'application/json',
      text: JSON.stringify(makeArchive([entry]), null, 2),
    };
  }

  exportAll(now = new Date()): ExportFile {
    return {
      filename: `libragent-sessions-${stamp(now)}.json`,
      mimeType: 'application/json',
      text: JSON.stringify(makeArchive(readAllSessions(this.deps.sql), now), null, 2),
    };
  }

  /** Imports our JSON export or ChatGPT's conversations.json: every session, or none. */
  importText(text: string): ImportSummary {
    if (typeof text !== 'string') throw invalidInput('Pass the file as text.');
    // In UTF-16 code units, at most twice the file's bytes: the UI refuses by the file's size first.
    const tooBig = tooBigToRead(text.length, MAX_IMPORT_BYTES, 'This file');
    if (tooBig) throw invalidInput(tooBig);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw invalidInput('This file is not JSON. Choose a LibrAgent export or ChatGPT’s conversations.json.');
    }
    const chatgpt = isChatGptExport(value);
    const archive = parseArchive(chatgpt ? fromChatGpt(value) : value);
    const result = importArchive(this.deps.sql, archive);
    this.deps.changes.emit({ kind: 'sessions' });
    this.deps.changes.emit({ kind: 'assistants' }); // an archive may bring its sessions' assistants
    return { ...result, kind: chatgpt ? 'chatgpt' : 'libragent' };
  }
}
