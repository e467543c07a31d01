import { AppError } from '../../shared/errors';
import { checkIntegrity } from './integrity-check';
import { migrate, type Migration, type MigrationResult } from './migrate';
import type { SqlClient } from './sqlite/sql-client';

/**
 * What every connection goes through before the repositories may use it, in the worker and in
 * the tests alike: foreign keys on, an integrity check (of the user's data: the search index's
 * own content is checked by its queries, integrity-check.ts), then the pending migrations.
 */
export function prepareDatabase(sql: SqlClient, migrations: Migration[]): MigrationResult {
  sql.exec('PRAGMA foreign_keys = ON');
  const problems = checkIntegrity(sql, 'quick_check');
  if (problems.length > 0) {
    throw new AppError('Corrupt', `The database file is damaged (${problems.slice(0, 3).join('; ')}). It was not changed.`);
  }
  return migrate(sql, migrations);
}
