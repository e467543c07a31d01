import { AppError } from '../../shared/errors';
import type { SqlClient } from './sqlite/sql-client';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export interface MigrationResult {
  fromVersion: number;
  toVersion: number;
  applied: string[];
}

/** Turns `{'./0001-initial.sql': text}` into ordered migrations; numbering gaps are a build bug. */
export function parseMigrationFiles(files: Record<string, string>): Migration[] {
  const migrations = Object.entries(files).map(([path, sql]) => {
    const file = path.split('/').pop() ?? path;
    const match = /^(\d+)-(.+)\.sql$/.exec(file);
    if (!match) throw new Error(`Migration file name must look like 0001-name.sql: ${file}`);
    return { version: Number(match[1]), name: file, sql };
  });
  migrations.sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migrations must be numbered 1, 2, 3, ... without gaps; found ${migration.name}`);
    }
  });
  return migrations;
}

export function schemaVersion(sql: SqlClient): number {
  return Number(sql.value('PRAGMA user_version'));
}

/**
 * Applies the pending migrations in order inside one BEGIN IMMEDIATE transaction that also sets
 * `PRAGMA user_version`. Either every pending migration lands or none does: a failure leaves the
 * database exactly as it was. A database newer than this code is refused and not touched.
 */
export function migrate(sql: SqlClient, migrations: Migration[]): MigrationResult {
  const latest = migrations.at(-1)?.version ?? 0;
  const current = schemaVersion(sql);
  if (current > latest) {
    throw new AppError(
      'SchemaTooNew',
      `This database was saved by a newer version of LibrAgent (schema ${current}; this version knows up to ${latest}). ` +
        'Reload to get the latest version of the app. Your data was not touched.',
    );
  }
  const pending = migrations.filter((migration) => migration.version > current);
  if (pending.length === 0) return { fromVersion: current, toVersion: current, applied: [] };

  sql.exec('BEGIN IMMEDIATE');
  let running = pending[0];
  try {
    for (const migration of pending) {
      running = migration;
      sql.exec(migration.sql);
    }
    sql.exec(`PRAGMA user_version = ${latest}`);
    sql.exec('COMMIT');
  } catch (error) {
    try {
      sql.exec('ROLLBACK');
    } catch {
      // The failed statement may already have ended the transaction; nothing is left to undo.
    }
    throw new AppError(
      'MigrationFailed',
      `Updating the database to version ${running.version} (${running.name}) failed: ${(error as Error).message}. ` +
        `Nothing was changed: your data is still at version ${current}.`,
      { cause: error },
    );
  }
  return { fromVersion: current, toVersion: latest, applied: pending.map((migration) => migration.name) };
}
