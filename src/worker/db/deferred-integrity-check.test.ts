import { describe, expect, it } from 'vitest';
import { createSession, expectCode, makeMessage } from './contract/fixtures';
import { MIGRATIONS } from './migrations';
import { prepareDatabaseCheckingLater } from './prepare-database';
import { createSqliteRepositories } from './sqlite';
import type { SqlClient } from './sqlite/sql-client';
import { damagedCopy, loadSqlite, openTestClient } from './test-support';

async function withMessages(): Promise<SqlClient> {
  const sql = await openTestClient();
  const repos = createSqliteRepositories(sql);
  createSession(repos, 's1');
  repos.messages.insertMany(
    Array.from({ length: 400 }, (_, i) =>
      makeMessage({ id: `m${i}`, sessionId: 's1', content: 'x'.repeat(200), createdAt: i, updatedAt: i }),
    ),
  );
  return sql;
}

/** Every row of every table, to prove nothing was written. */
function everything(sql: SqlClient): unknown {
  const tables = sql.all("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").map((row) => String(row.name));
  return tables.map((table) => {
    try {
      return [table, sql.all(`SELECT * FROM "${table}"`)];
    } catch (error) {
      return [table, String(error)];
    }
  });
}

describe('the integrity check a start does not wait for', () => {
  it('lets reads through before it has run, and runs before the first write', async () => {
    const sql = await withMessages();
    const { integrity } = prepareDatabaseCheckingLater(sql, MIGRATIONS);
    let passed = false;
    void integrity.done.then(() => (passed = true));
    const repos = createSqliteRepositories(sql);
    expect(repos.sessions.list({ limit: 10 })).toHaveLength(1);
    expect(repos.messages.listBefore('s1', null, 50).items).toHaveLength(50);
    await Promise.resolve();
    expect(passed).toBe(false);

    repos.sessions.rename('s1', 'Renamed');
    await integrity.done;
    expect(passed).toBe(true);
    expect(repos.sessions.get('s1').name).toBe('Renamed');
  });

  it('finds damage when run in idle time, table by table', async () => {
    const sqlite3 = await loadSqlite();
    const sql = damagedCopy(sqlite3, await withMessages());
    const { integrity } = prepareDatabaseCheckingLater(sql, MIGRATIONS);
    await expect(integrity.runInIdle()).rejects.toMatchObject({ code: 'Corrupt' });
    await expect(integrity.done).rejects.toMatchObject({ code: 'Corrupt' });
  });

  it('refuses every write to a damaged file, before and after the check has run, and changes nothing', async () => {
    const sqlite3 = await loadSqlite();
    const sql = damagedCopy(sqlite3, await withMessages());
    const before = everything(sql);
    const { integrity } = prepareDatabaseCheckingLater(sql, MIGRATIONS);
    const repos = createSqliteRepositories(sql);
    expectCode(() => repos.sessions.rename('s1', 'Changed'), 'Corrupt');
    expectCode(() => sql.exec("INSERT INTO settings (key, value) VALUES ('x', '1')"), 'Corrupt');
    expectCode(() => sql.transaction(() => sql.run("DELETE FROM sessions WHERE id = 's1'")), 'Corrupt');
    await expect(integrity.done).rejects.toMatchObject({ code: 'Corrupt' });
    expectCode(() => repos.sessions.rename('s1', 'Changed again'), 'Corrupt');
    expect(everything(sql)).toEqual(before);
  });

  it('checks before a pending migration writes, which then is not applied', async () => {
    const sqlite3 = await loadSqlite();
    const good = await withMessages();
    const sql = damagedCopy(sqlite3, good);
    const version = Number(sql.value('PRAGMA user_version'));
    const extra = { version: MIGRATIONS.length + 1, name: 'extra', sql: 'CREATE TABLE extra (x)' };
    expectCode(() => prepareDatabaseCheckingLater(sql, [...MIGRATIONS, extra]), 'Corrupt');
    expect(Number(sql.value('PRAGMA user_version'))).toBe(version);
    expect(sql.value("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'extra'")).toBe(0);
  });
});
