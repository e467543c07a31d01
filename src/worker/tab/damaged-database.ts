import type { SAHPoolUtil, Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { AppError } from '../../shared/errors';
import { salvage } from '../db/salvage';
import { SqlClient } from '../db/sqlite/sql-client';

/** The worker-only part of the OPFS API (the DOM typings leave it out). */
type SyncFileHandle = FileSystemFileHandle & {
  createSyncAccessHandle(): Promise<{
    truncate(size: number): void;
    write(data: Uint8Array, options: { at: number }): number;
    flush(): void;
    getSize(): number;
    close(): void;
  }>;
};

/**
 * A database that failed its integrity check at open: kept exactly as it was until the user
 * chooses, on the startup screen, to export what can be read and/or to start fresh.
 */
export class DamagedDatabase {
  constructor(
    private readonly sqlite3: Sqlite3Static,
    private readonly pool: SAHPoolUtil,
    private readonly file: string,
  ) {}

  /** Every row that can still be read, as JSON; provider API keys are left out (see salvage.ts). */
  exportReadable(): string {
    const sql = new SqlClient(new this.pool.OpfsSAHPoolDb(this.file), this.sqlite3);
    try {
      return JSON.stringify(salvage(sql), null, 1);
    } finally {
      sql.close();
    }
  }

  /**
   * Moves the damaged file (and its journal, if any) out of the pool into a backup file of its own
   * in this site's private storage, so the next start creates a new database. Nothing is deleted
   * before its copy has been written and read back at full length. Returns the backup's name.
   */
  async moveAside(now: Date = new Date()): Promise<string> {
    const root = await navigator.storage.getDirectory();
    const stamp = now.toISOString().replace(/[:.]/g, '-');
    const base = `libragent-damaged-${stamp}`;
    const names = this.pool.getFileNames().filter((name) => name === this.file || name.startsWith(`${this.file}-`));
    for (const name of names) {
      const bytes = this.pool.exportFile(name);
      // An empty journal (journal_mode TRUNCATE leaves one after every commit) holds nothing.
      if (name !== this.file && bytes.byteLength === 0) continue;
      const suffix = name.slice(this.file.length);
      const handle = (await root.getFileHandle(`${base}.sqlite3${suffix}`, { create: true })) as SyncFileHandle;
      const access = await handle.createSyncAccessHandle();
      try {
        access.truncate(0);
        const written = access.write(bytes, { at: 0 });
        access.flush();
        if (written !== bytes.byteLength || access.getSize() !== bytes.byteLength) {
          throw new AppError(
            'StorageFull',
            'The backup of the damaged database could not be written in full. Nothing was deleted.',
          );
        }
      } finally {
        access.close();
      }
    }
    for (const name of names) this.pool.unlink(name);
    return `${base}.sqlite3`;
  }
}
