import { describe, expect, it } from 'vitest';
import { createSession, expectCode, makeMessage } from '../../db/contract/fixtures';
import { createSqliteRepositories } from '../../db/sqlite';
import { MIGRATIONS } from '../../db/migrations';
import { prepareDatabase } from '../../db/prepare-database';
import { SqlClient } from '../../db/sqlite/sql-client';
import { loadSqlite, openTestClient } from '../../db/test-support';
import { MemoryFolders } from '../../../../test-support/memory-folders';
import { ChangeFeed } from '../../change-feed';
import { damageSearchIndex } from '../../search/index-damage';
import { checkIntegrity } from '../../db/integrity-check';
import { SearchService } from '../../search/search-service';
import { createBackup, openBackup, restoreBackup } from './backup';
import { hasSqliteHeader } from './sqlite-bytes';
import { MCP_SECRET, MCP_URL_TOKEN, SECRET_KEY, dumpTables, seedWorkspace } from './test-data';

const contains = (bytes: Uint8Array, text: string) => Buffer.from(bytes).includes(Buffer.from(text));

describe('backup and restore', () => {
  it('exports the whole database as a SQLite file without any API key', async () => {
    const sqlite3 = await loadSqlite();
    const live = await openTestClient();
    seedWorkspace(live);
    // An older key, overwritten since, must not survive on a free page either.
    live.run("UPDATE settings SET value = replace(value, 'THIS-KEY', 'THAT-KEY') WHERE key = 'providers'");
    live.run("UPDATE settings SET value = replace(value, 'THAT-KEY', 'THIS-KEY') WHERE key = 'providers'");
    const bytes = createBackup(sqlite3, live);
    expect(hasSqliteHeader(bytes)).toBe(true);
    expect(contains(bytes, 'sk-test')).toBe(false);
    expect(contains(bytes, MCP_SECRET)).toBe(false);
    expect(contains(bytes, MCP_URL_TOKEN)).toBe(false);
    expect(contains(bytes, 'https://mcp.example/mcp?Access_Token=&page=1')).toBe(true);
    expect(contains(bytes, 'Authorization')).toBe(true); // the header's name stays, to be filled in again
    expect(contains(bytes, '안녕하세요')).toBe(true);
    // The live database still has its key.
    expect(String(live.value("SELECT value FROM settings WHERE key = 'providers'"))).toContain(SECRET_KEY);
  });

  it('round-trips every session, message, content item and chunk exactly, keeping the current keys', async () => {
    const sqlite3 = await loadSqlite();
    const source = await openTestClient();
    seedWorkspace(source);
    const expected = dumpTables(source, ['settings', 'message_index_meta']);
    const bytes = createBackup(sqlite3, source);

    const target = await openTestClient();
    target.run("INSERT INTO settings (key, value, updated_at) VALUES ('providers', ?, 1)", [
      JSON.stringify([{ id: 'p1', name: 'OpenAI', baseUrl: 'https://api.openai.com/v1', apiKey: 'sk-mine' }]),
    ]);
    target.run("INSERT INTO sessions (id, name, assistant_id, created_at, updated_at) VALUES ('gone', 'Old', 'default', 1, 1)");
    // This device knows the MCP tokens the backup left out (a header's, the address's): the restore puts them back.
    const sourceSettings = source.value("SELECT model_settings FROM assistants WHERE id = 'default'");
    target.run("UPDATE assistants SET model_settings = ? WHERE id = 'default'", [String(sourceSettings)]);
    const { copy, summary } = openBackup(sqlite3, bytes, MIGRATIONS);
    expect(summary).toMatchObject({ sessions: 2, messages: 4, contents: 1, chunks: 2, savedWithSchema: MIGRATIONS.length });
    restoreBackup(sqlite3, copy, target);
    copy.close();
    expect(dumpTables(target, ['settings', 'message_index_meta'])).toEqual(expected);
    // Search indexes start again from the restored messages.
    expect(
      target.all('SELECT session_id, index_path, change_seq > indexed_seq AS dirty FROM message_index_meta ORDER BY session_id'),
    ).toEqual([
      { session_id: 's1', index_path: null, dirty: 1 },
      { session_id: 's2', index_path: null, dirty: 1 },
    ]);
    const providers = JSON.parse(String(target.value("SELECT value FROM settings WHERE key = 'providers'"))) as unknown[];
    expect(providers).toEqual([{ id: 'p1', name: 'OpenAI', baseUrl: 'https://api.openai.com/v1', apiKey: 'sk-mine' }]);
  });

  it('migrates a backup of an older schema forward', async () => {
    const sqlite3 = await loadSqlite();
    const old = new SqlClient(new sqlite3.oo1.DB(':memory:'), sqlite3);
    prepareDatabase(old, MIGRATIONS.slice(0, 1));
    old.run("INSERT INTO sessions (id, name, assistant_id, created_at, updated_at) VALUES ('s', 'Old one', 'default', 1, 1)");
    const { copy, summary } = openBackup(sqlite3, createBackup(sqlite3, old), MIGRATIONS);
    expect(summary.savedWithSchema).toBe(1);
    expect(summary.schemaVersion).toBe(MIGRATIONS.length);
    expect(copy.value("SELECT name FROM sqlite_schema WHERE name = 'idx_messages_streaming'")).toBe('idx_messages_streaming');
  });

  it('takes a backup whose search index alone is damaged, and restores it with the index built anew', async () => {
    const sqlite3 = await loadSqlite();
    const source = await openTestClient();
    const repos = seedWorkspace(source);
    const search = new SearchService(source, repos, new MemoryFolders(), new ChangeFeed());
    await search.runIndexingPass();
    search.close();
    expect(damageSearchIndex(source)).toBeGreaterThan(0);
    const { copy, summary } = openBackup(sqlite3, createBackup(sqlite3, source), MIGRATIONS);
    expect(summary).toMatchObject({ sessions: 2, messages: 4, chunks: 2 });
    const target = await openTestClient();
    restoreBackup(sqlite3, copy, target);
    copy.close();
    expect(checkIntegrity(target, 'integrity_check')).toEqual([]);
    expect(Number(target.value('SELECT COUNT(1) FROM search_index_docsize'))).toBe(0);
    expect(Number(target.value('SELECT COUNT(1) FROM search_queue'))).toBe(6);
  });

  it("counts the sessions' messages again, and pages read before the restore do not outlive it", async () => {
    const sqlite3 = await loadSqlite();
    const source = await openTestClient();
    const sourceRepos = createSqliteRepositories(source, () => 1, { pageAnchorSpacing: 2 });
    createSession(sourceRepos, 's1', 1);
    const messages = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => makeMessage({ id: `${prefix}${i}`, sessionId: 's1', createdAt: i, updatedAt: i }));
    sourceRepos.messages.insertMany(messages('backup-', 9));
    // A file's counts are never taken: this one says 100, with the stamp the live database will have.
    source.run("UPDATE message_counts SET message_count = 100, order_stamp = 7 WHERE session_id = 's1'");

    const live = await openTestClient();
    const liveRepos = createSqliteRepositories(live, () => 1, { pageAnchorSpacing: 2 });
    createSession(liveRepos, 's1', 1);
    liveRepos.messages.insertMany(messages('live-', 12));
    live.run("UPDATE message_counts SET order_stamp = 7 WHERE session_id = 's1'");
    expect(liveRepos.messages.getPage('s1', 4, 2).items.map((m) => m.id)).toEqual(['live-6', 'live-7']);

    const { copy } = openBackup(sqlite3, createBackup(sqlite3, source), MIGRATIONS);
    restoreBackup(sqlite3, copy, live);
    copy.close();
    expect(liveRepos.messages.countBySession('s1')).toBe(9);
    expect(liveRepos.messages.getPage('s1', 4, 2)).toMatchObject({ totalItems: 9, hasNext: true });
    expect(liveRepos.messages.getPage('s1', 4, 2).items.map((m) => m.id)).toEqual(['backup-6', 'backup-7']);
    expect(liveRepos.messages.getPage('s1', 5, 2).items.map((m) => m.id)).toEqual(['backup-8']);
  });

  it('refuses files that are not a sound LibrAgent backup of a known version', async () => {
    const sqlite3 = await loadSqlite();
    const live = await openTestClient();
    seedWorkspace(live);
    const good = createBackup(sqlite3, live);

    expectCode(
      () => openBackup(sqlite3, new TextEncoder().encode('{"not": "a database"}'.repeat(40)), MIGRATIONS),
      'InvalidInput',
    );
    expectCode(() => openBackup(sqlite3, good.slice(0, 100), MIGRATIONS), 'InvalidInput');

    const damaged = good.slice();
    for (let i = 4096; i < damaged.length; i += 7) damaged[i] = (damaged[i] + 91) & 0xff;
    expectCode(() => openBackup(sqlite3, damaged, MIGRATIONS), 'Corrupt');

    const foreign = new SqlClient(new sqlite3.oo1.DB(':memory:'), sqlite3);
    foreign.exec('CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES (1)');
    expectCode(() => openBackup(sqlite3, createBackup(sqlite3, foreign), MIGRATIONS), 'InvalidInput');

    const newer = await openTestClient();
    newer.exec(`PRAGMA user_version = ${MIGRATIONS.length + 1}`);
    expectCode(() => openBackup(sqlite3, createBackup(sqlite3, newer), MIGRATIONS), 'SchemaTooNew');

    const broken = await openTestClient();
    broken.exec('PRAGMA foreign_keys = OFF');
    broken.run(
      "INSERT INTO messages (id, session_id, role, content, created_at, updated_at) VALUES ('x', 'nobody', 'user', 'hi', 1, 1)",
    );
    expectCode(() => openBackup(sqlite3, createBackup(sqlite3, broken), MIGRATIONS), 'Corrupt');
  });
});
