import { AppError, invalidInput } from '../../shared/errors';
import { damagedDatabase } from './open-database';

function requireDamaged() {
  const damaged = damagedDatabase();
  if (!damaged) throw new AppError('NotFound', 'There is no damaged database to recover: the database opened normally.');
  return damaged;
}

/**
 * What the startup screen offers when this tab's database failed its integrity check (start
 * rejected with `Corrupt`); answered by this worker, which holds the damaged file. Nothing is
 * changed until the user chooses.
 */
export const recoveryHandlers = () => ({
  /** Whether this worker holds a damaged database (a follower tab forwards to the one that does). */
  available: (): boolean => damagedDatabase() !== undefined,

  /** Every row that can still be read, as JSON text to download; provider API keys are left out. */
  exportReadable: (): string => requireDamaged().exportReadable(),

  /**
   * Moves the damaged file aside (kept as a backup file in this site's storage) so the next
   * start creates a new database. Only with `confirmed === true`: the user said so. Reload after.
   */
  startFresh: async (confirmed: boolean): Promise<{ backup: string }> => {
    if (confirmed !== true) throw invalidInput('Starting fresh needs the user’s explicit confirmation.');
    return { backup: await requireDamaged().moveAside() };
  },
});
