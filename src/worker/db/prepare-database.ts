import { AppError } from '../../shared/errors';
import { migrate, type Migration, type MigrationResult } from './migrate';
import type { SqlClient } from './sqlite/sql-client';

/**
 * What every connection goes through before the repositories may use it, in the worker and in
 * the tests alike: foreign keys on, an integrity check, then the pending migrations.
 */
export function prepareDatabase(sql: SqlClient, migrations: Migration[]): MigrationResult {
  sql.exec('PRAGMA foreign_keys = ON');
  const check = sql.all('PRAGMA quick_check').map((row) => String(Object.values(row)[0]));
  if (check.length !== 1 || check[0] !== 'ok') {
    throw new AppError('Corrupt', `The database file is damaged (${check.slice(0, 3).join('; ')}). It was not changed.`);
  }
  return migrate(sql, migrations);
}
