import { AppError, invalidInput } from '../../shared/errors';
import { MAX_BACKUP_BYTES, tooBigToRead } from '../../shared/file-limits';
import type { BackupSummary } from '../data/backup/backup';
import { unopenedDatabase } from './open-database';

function requireUnopened() {
  const unopened = unopenedDatabase();
  if (!unopened) throw new AppError('NotFound', 'There is no database to recover: the database opened normally.');
  return unopened;
}

/**
 * What the startup screen offers when this tab's start failed with its database (a migration, a
 * schema this version refuses, damage, an internal error); answered by this worker, which holds
 * the file. Nothing is changed until the user chooses, and the old file is always kept.
 */
export const recoveryHandlers = () => ({
  /** Whether this worker holds a database its start could not use (a follower tab forwards to the one that does). */
  available: (): boolean => unopenedDatabase() !== undefined,

  /** Every row that can still be read, as JSON text to download; provider API keys are left out. */
  exportReadable: (): string => requireUnopened().exportReadable(),

  /**
   * Checks a backup file, as Settings → Data does, without touching the old database, and keeps it
   * ready for `restore`.
   */
  inspectBackup: (bytes: Uint8Array): Promise<BackupSummary & { token: string }> => {
    const unopened = requireUnopened();
    const tooBig = bytes instanceof Uint8Array && tooBigToRead(bytes.byteLength, MAX_BACKUP_BYTES, 'This backup');
    if (tooBig) throw invalidInput(tooBig);
    return unopened.inspectBackup(bytes);
  },

  /**
   * Replaces the old database with the backup `inspectBackup` checked, the old file first copied
   * aside into this site's storage (its name is returned). Only with `confirmed === true`. Reload after.
   */
  restore: async (token: string, confirmed: boolean): Promise<{ summary: BackupSummary; setAside: string }> => {
    if (confirmed !== true) throw invalidInput('Restoring over the old database needs the user’s explicit confirmation.');
    if (typeof token !== 'string') throw invalidInput('Pass the token inspectBackup gave.');
    return requireUnopened().restore(token);
  },

  /**
   * Moves the old file aside (kept as a file in this site's storage) so the next start creates a
   * new database. Only with `confirmed === true`: the user said so. Reload after.
   */
  startFresh: async (confirmed: boolean): Promise<{ backup: string }> => {
    if (confirmed !== true) throw invalidInput('Starting fresh needs the user’s explicit confirmation.');
    return { backup: await requireUnopened().moveAside() };
  },
});
