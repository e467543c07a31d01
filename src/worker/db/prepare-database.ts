import { AppError } from '../../shared/errors';
import { checkIntegrity } from '../search/index-integrity';
import { resetDamagedIndex } from '../search/index-writer';
import { migrate, type Migration, type MigrationResult } from './migrate';
import type { SqlClient } from './sqlite/sql-client';

/**
 * What every connection goes through before the repositories may use it, in the worker and in
 * the tests alike: foreign keys on, an integrity check, then the pending migrations. Damage of
 * the search index alone is no damage of the user's data: the index is emptied and queued to be
 * built again from the database, and the start goes on.
 */
export function prepareDatabase(sql: SqlClient, migrations: Migration[]): MigrationResult {
  sql.exec('PRAGMA foreign_keys = ON');
  const check = checkIntegrity(sql, 'quick_check');
  if (check.problems.length > 0) {
    throw new AppError('Corrupt', `The database file is damaged (${check.problems.slice(0, 3).join('; ')}). It was not changed.`);
  }
  if (check.searchIndexDamaged) {
    console.warn('The search index is damaged; it is rebuilt from the database.');
    resetDamagedIndex(sql);
  }
  return migrate(sql, migrations);
}
