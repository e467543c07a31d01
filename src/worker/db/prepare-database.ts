import { DeferredIntegrityCheck, damagedFile } from './deferred-integrity-check';
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
  if (problems.length > 0) throw damagedFile(problems);
  return migrate(sql, migrations);
}

/**
 * The same for the app's start, which does not wait for the integrity check: reads are answered at
 * once, and the check runs later (`integrity`, see deferred-integrity-check.ts) or, at the latest,
 * before the first write. Pending migrations are writes, so a start that migrates checks first.
 * `beforeFirstWrite` runs once the check has passed, before the first write: what changes the
 * file itself (the switch to WAL, opfs-connection.ts) waits until the file is known to be sound.
 */
export function prepareDatabaseCheckingLater(
  sql: SqlClient,
  migrations: Migration[],
  beforeFirstWrite: () => void = () => undefined,
): { migration: MigrationResult; integrity: DeferredIntegrityCheck } {
  sql.exec('PRAGMA foreign_keys = ON');
  const integrity = new DeferredIntegrityCheck(sql);
  sql.guardWrites(() => {
    integrity.runNow();
    beforeFirstWrite();
  });
  return { migration: migrate(sql, migrations), integrity };
}
