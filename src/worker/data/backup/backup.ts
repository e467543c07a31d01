import type { Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { AppError } from '../../../shared/errors';
import { migrate, schemaVersion, type Migration } from '../../db/migrate';
import type { SqlClient } from '../../db/sqlite/sql-client';
import { checkIntegrity } from '../../db/integrity-check';
import { resetDamagedIndex } from '../../search/index-writer';
import { BACKUP_SCHEMA, attachBackup, copyRows, foreignSchema, schemaDifferences } from './backup-as-data';
import { invalidSettings } from './backup-settings';
import { carryApiKeys, carryMcpSecrets, carryProviderKeys, removeApiKeys, removeToolGrants } from './secrets';
import { copyDatabase, databaseBytes, hasSqliteHeader, openBytesInMemory } from './sqlite-bytes';

/** What a backup holds, shown before it replaces anything. */
export interface BackupSummary {
  /** The schema version the file was saved with; it was migrated to the current one if older. */
  savedWithSchema: number;
  schemaVersion: number;
  sessions: number;
  messages: number;
  contents: number;
  chunks: number;
  bytes: number;
}

/** The tables every LibrAgent database has had since its first schema. */
const REQUIRED_TABLES = ['assistants', 'sessions', 'messages', 'message_index_meta', 'stores', 'contents', 'chunks', 'settings'];

const UNTOUCHED = 'Your current data was not changed.';

/**
 * The whole database as a `.sqlite3` file, without API keys: the live database is serialized into
 * a private in-memory copy, the keys are blanked there, and VACUUM rewrites every page so no old
 * value survives on a free page. The live database is only read.
 */
export function createBackup(sqlite3: Sqlite3Static, live: SqlClient): Uint8Array {
  return withoutApiKeys(sqlite3, databaseBytes(sqlite3, live.db));
}

/** The database file `bytes` as a backup: the same, its API keys blanked and every page rewritten. */
export function withoutApiKeys(sqlite3: Sqlite3Static, bytes: Uint8Array): Uint8Array {
  const copy = openBytesInMemory(sqlite3, bytes);
  try {
    removeApiKeys(copy);
    removeToolGrants(copy);
    copy.exec('VACUUM');
    return databaseBytes(sqlite3, copy.db);
  } finally {
    copy.close();
  }
}

/**
 * Checks a backup file and reads it, as data, into a private in-memory database built by the
 * app's own migrations (backup-as-data.ts), the current one untouched: the SQLite header,
 * `integrity_check`, a schema version this app knows, every object of the file exactly the app's
 * own at that version, then the rows copied, the newer migrations applied, `foreign_key_check`
 * and the settings validated. Returns the ready copy; the caller restores it with `restoreBackup`
 * or closes it.
 */
export function openBackup(
  sqlite3: Sqlite3Static,
  bytes: Uint8Array,
  migrations: Migration[],
  /**
   * `this-device`: the copy a restore kept of this device's own database, read back for its undo.
   * It is checked like any file, but it is the user's own data exactly: its "always allow"
   * decisions stay, and a saved setting the running app already uses with its default (and
   * warns about, see SettingsService.problems) does not stop the undo.
   */
  origin: 'file' | 'this-device' = 'file',
): { copy: SqlClient; summary: BackupSummary } {
  if (!hasSqliteHeader(bytes)) {
    throw new AppError('InvalidInput', `This file is not a LibrAgent backup: it is not a SQLite database. ${UNTOUCHED}`);
  }
  let copy: SqlClient;
  try {
    copy = attachBackup(sqlite3, bytes);
  } catch (error) {
    throw new AppError('Corrupt', `The backup file could not be opened (${(error as Error).message}). ${UNTOUCHED}`);
  }
  try {
    const summary = readAsData(copy, bytes.byteLength, migrations, origin);
    return { copy, summary };
  } catch (error) {
    copy.close();
    throw error;
  }
}

function readAsData(copy: SqlClient, size: number, migrations: Migration[], origin: 'file' | 'this-device'): BackupSummary {
  let problems: string[];
  try {
    // The backup's search index is not checked: it is never read (a restore builds it anew).
    problems = checkIntegrity(copy, 'integrity_check', BACKUP_SCHEMA);
  } catch (error) {
    throw new AppError('Corrupt', `The backup file is damaged (${(error as Error).message}). ${UNTOUCHED}`);
  }
  if (problems.length > 0) {
    throw new AppError('Corrupt', `The backup file is damaged (${problems.slice(0, 3).join('; ')}). ${UNTOUCHED}`);
  }
  const savedWithSchema = Number(copy.value(`PRAGMA ${BACKUP_SCHEMA}.user_version`));
  const tables = new Set(
    copy.all(`SELECT name FROM ${BACKUP_SCHEMA}.sqlite_schema WHERE type = 'table'`).map((row) => String(row.name)),
  );
  const missing = REQUIRED_TABLES.filter((table) => !tables.has(table));
  if (savedWithSchema < 1 || missing.length > 0) {
    throw new AppError(
      'InvalidInput',
      `This SQLite file is not a LibrAgent backup (it lacks ${missing.length > 0 ? missing.join(', ') : 'a schema version'}). ${UNTOUCHED}`,
    );
  }
  const latest = migrations.at(-1)?.version ?? 0;
  if (savedWithSchema > latest) {
    throw new AppError(
      'SchemaTooNew',
      `This backup was made by a newer version of LibrAgent (schema ${savedWithSchema}; this version knows up to ${latest}). ` +
        `Reload to get the latest version of the app, then restore it again. ${UNTOUCHED}`,
    );
  }
  // The app's own schema as the file's version had it, to compare the file with and copy into.
  migrate(
    copy,
    migrations.filter((migration) => migration.version <= savedWithSchema),
  );
  const differences = schemaDifferences(copy);
  if (differences.length > 0) throw foreignSchema(differences);
  try {
    copyRows(copy);
  } catch (error) {
    const reason = error instanceof AppError ? error.message : String(error);
    throw new AppError('InvalidInput', `The backup's rows break the rules of LibrAgent's tables (${reason}). ${UNTOUCHED}`);
  }
  migrate(copy, migrations);
  if (origin === 'file') removeToolGrants(copy);
  copy.exec('PRAGMA foreign_keys = ON');
  const orphans = copy.all('PRAGMA foreign_key_check');
  if (orphans.length > 0) {
    throw new AppError(
      'Corrupt',
      `The backup file is inconsistent: ${orphans.length} row(s) refer to rows that do not exist (first in table ${String(orphans[0].table)}). ${UNTOUCHED}`,
    );
  }
  const settingsProblem = origin === 'file' ? invalidSettings(copy) : null;
  if (settingsProblem) throw new AppError('InvalidInput', `The backup's settings are not valid: ${settingsProblem} ${UNTOUCHED}`);
  const count = (table: string) => Number(copy.value(`SELECT COUNT(1) FROM ${table}`));
  return {
    savedWithSchema,
    schemaVersion: schemaVersion(copy),
    sessions: count('sessions'),
    messages: count('messages'),
    contents: count('contents'),
    chunks: count('chunks'),
    bytes: size,
  };
}

/**
 * Replaces the live database's content with the checked copy, in one transaction of the live
 * database (SQLite's backup API): a failure, storage full included, leaves it as it was. The API
 * keys of this device are carried over, as backups never hold any.
 */
export function restoreBackup(sqlite3: Sqlite3Static, copy: SqlClient, live: SqlClient): void {
  if (live.inTransaction) throw new AppError('Busy', 'The database is in the middle of a change. Try again in a moment.');
  carryApiKeys(live, copy);
  replaceDatabase(sqlite3, copy, live);
}

/**
 * Replaces the live database's content with the checked copy as it is, API keys included (the
 * undo of a restore brings back the kept copy exactly), in one transaction of the live database.
 */
export function replaceDatabase(sqlite3: Sqlite3Static, copy: SqlClient, live: SqlClient): void {
  if (live.inTransaction) throw new AppError('Busy', 'The database is in the middle of a change. Try again in a moment.');
  // The search index is derived data: a backup's own could have been edited to disagree with its
  // messages, or be damaged, so it is emptied and every message and chunk queued to be indexed again.
  copy.run('UPDATE message_index_meta SET indexed_seq = 0, index_path = NULL, doc_count = 0, last_indexed_at = 0');
  resetDamagedIndex(copy);
  copyDatabase(sqlite3, copy.db, live.db);
}

/**
 * The startup screen's restore (recoverable-database.ts): the checked copy replaces a database
 * the app could not open. Its secrets are carried over where they can still be read, the
 * providers' keys and the MCP servers' secrets each on their own (a damaged assistants table
 * must not cost the keys in a readable settings row); what cannot be read is left out, and the
 * restore goes on.
 */
export function restoreOverOld(sqlite3: Sqlite3Static, copy: SqlClient, old: SqlClient): void {
  for (const [carry, what] of [
    [carryProviderKeys, 'API keys'],
    [carryMcpSecrets, 'MCP server secrets'],
  ] as const) {
    try {
      carry(old, copy);
    } catch (error) {
      console.warn(`The ${what} of the old database could not be read:`, error);
    }
  }
  replaceDatabase(sqlite3, copy, old);
}
