import type { SAHPoolUtil, Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { AppError, invalidInput } from '../../shared/errors';
import type { BackupSummary } from '../data/backup/backup';
import type { Migration } from '../db/migrate';
import { salvage } from '../db/salvage';
import { configureOpfsConnection } from '../db/sqlite/opfs-connection';
import { SqlClient } from '../db/sqlite/sql-client';
import { removeFile, writeCheckedFile } from '../opfs/checked-file';

/** A backup checked on the startup screen, waiting for the user's go-ahead. */
interface PendingRestore {
  token: string;
  copy: SqlClient;
  summary: BackupSummary;
}

const NOTHING_CHANGED = 'Nothing was changed: your database file is as it was.';

/**
 * The database a start could not use (it failed to migrate, its schema is one this version
 * refuses, it is damaged, or the start failed inside the app): kept exactly as it was until the
 * user chooses, on the startup screen, to export what can be read, to restore a backup over it or
 * to start fresh. Restoring and starting fresh both first copy the old file, written and read
 * back in full, into a file of its own in this site's private storage, outside SQLite's pool.
 */
export class RecoverableDatabase {
  private pending: PendingRestore | undefined;

  constructor(
    private readonly sqlite3: Sqlite3Static,
    private readonly pool: SAHPoolUtil,
    private readonly file: string,
    private readonly migrations: Migration[],
    /** Why the start failed: a damaged file's copy is named for it. */
    readonly failure: AppError,
  ) {}

  /** Every row that can still be read, as JSON; provider API keys are left out (see salvage.ts). */
  exportReadable(): string {
    const sql = this.connect();
    try {
      return JSON.stringify(salvage(sql), null, 1);
    } finally {
      sql.close();
    }
  }

  /**
   * Moves the old file (and its journal or WAL, if any) out of the pool into a file of its own in this
   * site's private storage, so the next start creates a new database. Nothing is deleted before
   * its copy has been written and read back at full length. Returns the copy's name.
   */
  async moveAside(now: Date = new Date()): Promise<string> {
    const { names, kept } = await this.setAside(now);
    for (const name of names) this.pool.unlink(name);
    return kept;
  }

  /** Checks a backup (as a restore in Settings does), the old file untouched, and keeps it ready for `restore`. */
  async inspectBackup(bytes: Uint8Array): Promise<BackupSummary & { token: string }> {
    if (!(bytes instanceof Uint8Array)) throw invalidInput('Pass the backup file as bytes.');
    const { openBackup } = await import('../data/backup/backup');
    this.discardPending();
    const { copy, summary } = openBackup(this.sqlite3, bytes, this.migrations);
    this.pending = { token: crypto.randomUUID(), copy, summary };
    return { ...summary, token: this.pending.token };
  }

  /**
   * Replaces the old database with the checked backup, after a copy of the old file was set aside
   * (as `moveAside` does, but kept in the pool until the backup is in): the copy into the file is
   * one transaction, so a failure (storage full, say) leaves it as it was. The API keys the old
   * file holds are carried over where they can still be read. Reload after.
   */
  async restore(token: string): Promise<{ summary: BackupSummary; setAside: string }> {
    const pending = this.pending;
    if (!pending || pending.token !== token) throw invalidInput('Choose the backup file again: this one is no longer ready.');
    const { restoreOverOld } = await import('../data/backup/backup');
    const { kept } = await this.setAside(new Date());
    try {
      const sql = this.connect();
      try {
        restoreOverOld(this.sqlite3, pending.copy, sql);
      } finally {
        sql.close();
      }
    } catch (error) {
      await removeFile(kept).catch(() => undefined);
      const reason = error instanceof Error ? error.message : String(error);
      throw new AppError(
        error instanceof AppError ? error.code : 'Internal',
        `The backup could not be restored (${reason}). ${NOTHING_CHANGED}`,
      );
    }
    this.discardPending();
    return { summary: pending.summary, setAside: kept };
  }

  discardPending(): void {
    this.pending?.copy.close();
    this.pending = undefined;
  }

  /**
   * As the app connects (a file in WAL mode opens only so), but never switched to WAL: what the
   * file's WAL holds is read and stays where it is, even at close.
   */
  private connect(): SqlClient {
    const sql = new SqlClient(new this.pool.OpfsSAHPoolDb(this.file), this.sqlite3);
    try {
      configureOpfsConnection(sql);
    } catch (error) {
      sql.close();
      throw error;
    }
    return sql;
  }

  /**
   * Writes the old file into a file of its own, read back in full; the pool's copies stay. A file
   * in WAL mode is copied as SQLite reads it, the WAL's pages in, into one rollback-mode file that
   * any SQLite opens: the app's tabs close without a checkpoint, so the file alone may hold almost
   * nothing. When SQLite cannot read it so (a damaged first page, say), or for a rollback journal
   * (a killed tab's, to be played back), the files go as they are, each its own copy.
   */
  private async setAside(now: Date): Promise<{ names: string[]; kept: string }> {
    const stamp = now.toISOString().replace(/[:.]/g, '-');
    const base = `libragent-${this.failure.code === 'Corrupt' ? 'damaged' : 'not-opened'}-${stamp}`;
    const full = `Storage is full: the copy of your old database could not be written in full. ${NOTHING_CHANGED} Free some space, then try again.`;
    const names = this.pool.getFileNames().filter((name) => name === this.file || name.startsWith(`${this.file}-`));
    const files = names.map((name) => ({ name, bytes: this.pool.exportFile(name) }));
    // An empty journal (journal_mode TRUNCATE leaves one after every commit) or WAL holds nothing.
    const sidecars = files.filter(({ name, bytes }) => name !== this.file && bytes.byteLength > 0);
    const whole = sidecars.some(({ name }) => name === `${this.file}-wal`) ? await this.readThroughSqlite() : undefined;
    if (whole) {
      await writeCheckedFile(`${base}.sqlite3`, whole, full);
    } else {
      for (const { name, bytes } of files.filter((file) => file.name === this.file || sidecars.includes(file))) {
        await writeCheckedFile(`${base}.sqlite3${name.slice(this.file.length)}`, bytes, full);
      }
    }
    return { names, kept: `${base}.sqlite3` };
  }

  /** Every page of the old file as SQLite reads it (through its WAL), as one rollback-mode file; undefined if it cannot. */
  private async readThroughSqlite(): Promise<Uint8Array | undefined> {
    const { keepCurrentDatabase } = await import('../data/backup/keep-current');
    const { MemoryKeptCopyStore } = await import('../data/kept-copy/kept-copy');
    const store = new MemoryKeptCopyStore();
    const draft = await store.begin(0);
    try {
      const sql = this.connect();
      try {
        keepCurrentDatabase(sql, draft);
      } finally {
        sql.close();
      }
    } catch {
      return undefined;
    }
    await draft.commit();
    return store.read();
  }
}
