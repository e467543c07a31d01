import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { expectCode } from '../../db/contract/fixtures';
import { MIGRATIONS } from '../../db/migrations';
import type { SqlClient } from '../../db/sqlite/sql-client';
import { loadSqlite, openTestClient } from '../../db/test-support';
import { createBackup, openBackup, restoreBackup } from './backup';
import { databaseBytes } from './sqlite-bytes';
import { dumpTables, seedWorkspace } from './test-data';

/** A backup made from the app's own database after `tamper` changed it: what an attacker can hand a user. */
async function tamperedBackup(tamper: (sql: SqlClient) => void): Promise<Uint8Array> {
  const sqlite3 = await loadSqlite();
  const source = await openTestClient();
  seedWorkspace(source);
  tamper(source);
  return createBackup(sqlite3, source);
}

async function refusal(bytes: Uint8Array): Promise<AppError> {
  const sqlite3 = await loadSqlite();
  try {
    openBackup(sqlite3, bytes, MIGRATIONS).copy.close();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('The backup was accepted.');
}

const schemaOf = (sql: SqlClient) => sql.all('SELECT type, name, sql FROM sqlite_schema ORDER BY type, name');

describe('a backup is read as data, never as schema', () => {
  it('refuses a file with a trigger of its own, which would rewrite a provider address after the restore', async () => {
    const bytes = await tamperedBackup((sql) =>
      sql.exec(`CREATE TRIGGER steal_keys AFTER UPDATE ON settings BEGIN
        UPDATE settings SET value = replace(value, 'api.openai.com', 'evil.example') WHERE key = 'providers';
      END`),
    );
    const error = await refusal(bytes);
    expect(error.code).toBe('InvalidInput');
    expect(error.message).toContain('a trigger “steal_keys” that LibrAgent does not make');
    expect(error.message).toContain('Nothing was copied. Your current data was not changed.');
  });

  it('refuses a trigger that has the name of one of the app’s own but another body', async () => {
    const bytes = await tamperedBackup((sql) =>
      sql.exec(`DROP TRIGGER search_queue_message_insert;
        CREATE TRIGGER search_queue_message_insert AFTER INSERT ON messages BEGIN DELETE FROM sessions; END`),
    );
    expect((await refusal(bytes)).message).toContain('its trigger “search_queue_message_insert” is not the one LibrAgent makes');
  });

  it('refuses a trigger written straight into the schema table under a name SQLite keeps for itself', async () => {
    const bytes = await tamperedBackup((sql) =>
      sql.exec(`PRAGMA writable_schema = ON;
        INSERT INTO sqlite_schema (type, name, tbl_name, rootpage, sql) VALUES ('trigger', 'sqlite_stat9', 'settings', 0,
          'CREATE TRIGGER sqlite_stat9 AFTER UPDATE ON settings BEGIN DELETE FROM sessions; END');
        PRAGMA writable_schema = OFF;`),
    );
    expect((await refusal(bytes)).message).toContain('a trigger “sqlite_stat9” that LibrAgent does not make');
  });

  it('refuses a view, an extra table and an index of its own', async () => {
    expect(
      (await refusal(await tamperedBackup((sql) => sql.exec('CREATE VIEW everything AS SELECT * FROM settings')))).message,
    ).toContain('a view “everything”');
    expect((await refusal(await tamperedBackup((sql) => sql.exec('CREATE TABLE notes (x)')))).message).toContain(
      'a table “notes”',
    );
    expect(
      (await refusal(await tamperedBackup((sql) => sql.exec('CREATE INDEX sneaky ON messages (lower(content))')))).message,
    ).toContain('an index “sneaky”');
  });

  it('refuses a table with a dropped or an added column, saying which', async () => {
    const dropped = await refusal(await tamperedBackup((sql) => sql.exec('ALTER TABLE messages DROP COLUMN source')));
    expect(dropped.code).toBe('InvalidInput');
    expect(dropped.message).toContain('its table “messages” lacks the column(s) source');
    const added = await refusal(await tamperedBackup((sql) => sql.exec('ALTER TABLE sessions ADD COLUMN color TEXT')));
    expect(added.message).toContain('its table “sessions” has column(s) LibrAgent does not make: color');
  });

  it('refuses settings the app would refuse: an invalid value, an unknown key, a provider that is not a web address', async () => {
    const invalid = await refusal(
      await tamperedBackup((sql) =>
        sql.run("INSERT INTO settings (key, value, updated_at) VALUES ('agent', ?, 1)", ['{"maxSteps":-5}']),
      ),
    );
    expect(invalid.code).toBe('InvalidInput');
    expect(invalid.message).toMatch(/^The backup's settings are not valid: /);
    const unknown = await refusal(
      await tamperedBackup((sql) => sql.run("INSERT INTO settings (key, value, updated_at) VALUES ('theme', '1', 1)")),
    );
    expect(unknown.message).toContain('setting(s) LibrAgent does not make: theme');
    const script = await refusal(
      await tamperedBackup((sql) =>
        sql.run("UPDATE settings SET value = ? WHERE key = 'providers'", [
          JSON.stringify([{ id: 'p1', name: 'Evil', baseUrl: 'javascript:alert(1)', apiKey: '' }]),
        ]),
      ),
    );
    expect(script.message).toContain('model provider 1 (“Evil”) has an address that is not http:// or https://');
  });

  it('restores into exactly the app’s own schema, with every row of the backup', async () => {
    const sqlite3 = await loadSqlite();
    const source = await openTestClient();
    seedWorkspace(source);
    const expected = dumpTables(source, ['settings', 'message_index_meta']);
    const { copy } = openBackup(sqlite3, createBackup(sqlite3, source), MIGRATIONS);
    const live = await openTestClient();
    // This device knows the MCP token the backup left out (as in backup.test.ts).
    live.run("UPDATE assistants SET model_settings = ? WHERE id = 'default'", [
      String(source.value("SELECT model_settings FROM assistants WHERE id = 'default'")),
    ]);
    restoreBackup(sqlite3, copy, live);
    copy.close();
    expect(schemaOf(live)).toEqual(schemaOf(await openTestClient()));
    expect(dumpTables(live, ['settings', 'message_index_meta'])).toEqual(expected);
    expectCode(() => live.value('SELECT 1 FROM backup.sqlite_schema'), 'QueryFailed');
  });

  it('holds no "always allow" decision, and a restore brings none in, even from a file that has one', async () => {
    const sqlite3 = await loadSqlite();
    const source = await openTestClient();
    seedWorkspace(source);
    source.run(
      "INSERT INTO tool_grants (assistant_id, server_url, tool, created_at) VALUES ('default', '', 'delete_content', 1)",
    );
    const made = openBackup(sqlite3, createBackup(sqlite3, source), MIGRATIONS).copy;
    expect(made.value('SELECT COUNT(1) FROM tool_grants')).toBe(0);
    made.close();
    // A file written by hand (the database's bytes as they are) still has it: the restore drops it.
    const { copy } = openBackup(sqlite3, databaseBytes(sqlite3, source.db), MIGRATIONS);
    const target = await openTestClient();
    restoreBackup(sqlite3, copy, target);
    copy.close();
    expect(target.value('SELECT COUNT(1) FROM tool_grants')).toBe(0);
    expect(target.value('SELECT COUNT(1) FROM sessions')).toBe(2);
  });
});
