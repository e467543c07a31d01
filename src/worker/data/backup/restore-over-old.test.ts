import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../db/migrations';
import { loadSqlite, openTestClient } from '../../db/test-support';
import { createBackup, openBackup, restoreOverOld } from './backup';
import { SECRET_KEY, dumpTables, seedWorkspace } from './test-data';

describe('the startup screen’s restore', () => {
  it('puts a backup in place of a database of a newer schema, carrying over the keys it still holds', async () => {
    const sqlite3 = await loadSqlite();
    const source = await openTestClient();
    seedWorkspace(source);
    const backup = createBackup(sqlite3, source);
    const old = await openTestClient();
    seedWorkspace(old);
    old.exec('PRAGMA user_version = 999');
    const { copy } = openBackup(sqlite3, backup, MIGRATIONS);
    restoreOverOld(sqlite3, copy, old);
    copy.close();
    expect(Number(old.value('PRAGMA user_version'))).toBe(MIGRATIONS.length);
    expect(dumpTables(old, ['settings', 'message_index_meta'])).toEqual(dumpTables(source, ['settings', 'message_index_meta']));
    expect(String(old.value("SELECT value FROM settings WHERE key = 'providers'"))).toContain(SECRET_KEY);
  });

  it('restores over a database whose assistants cannot be read, carrying the provider keys it can still read', async () => {
    const sqlite3 = await loadSqlite();
    const source = await openTestClient();
    seedWorkspace(source);
    const old = await openTestClient();
    seedWorkspace(old);
    old.exec('PRAGMA foreign_keys = OFF; DROP TABLE assistants');
    const { copy } = openBackup(sqlite3, createBackup(sqlite3, source), MIGRATIONS);
    restoreOverOld(sqlite3, copy, old);
    copy.close();
    expect(old.all('SELECT id FROM sessions ORDER BY id')).toEqual([{ id: 's1' }, { id: 's2' }]);
    expect(String(old.value("SELECT value FROM settings WHERE key = 'providers'"))).toContain(SECRET_KEY);
  });

  it('restores over a database whose settings cannot be read, without its keys', async () => {
    const sqlite3 = await loadSqlite();
    const source = await openTestClient();
    seedWorkspace(source);
    const old = await openTestClient();
    seedWorkspace(old);
    old.exec('DROP TABLE settings');
    const { copy } = openBackup(sqlite3, createBackup(sqlite3, source), MIGRATIONS);
    restoreOverOld(sqlite3, copy, old);
    copy.close();
    expect(old.all('SELECT id FROM sessions ORDER BY id')).toEqual([{ id: 's1' }, { id: 's2' }]);
    expect(String(old.value("SELECT value FROM settings WHERE key = 'providers'"))).not.toContain(SECRET_KEY);
  });
});
