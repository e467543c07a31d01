import { describe, expect, it } from 'vitest';
import { ChangeFeed } from '../change-feed';
import type { ContentService } from '../content/content-service';
import { MIGRATIONS } from '../db/migrations';
import { createSqliteRepositories } from '../db/sqlite';
import type { SqlClient } from '../db/sqlite/sql-client';
import { loadSqlite, openTestClient } from '../db/test-support';
import { createBackup } from './backup/backup';
import { keepCurrentDatabase } from './backup/keep-current';
import { databaseBytes, openBytesInMemory } from './backup/sqlite-bytes';
import { MCP_SECRET, SECRET_KEY, dumpTables, seedWorkspace } from './backup/test-data';
import { DataService } from './data-service';
import { MemoryKeptCopyStore } from './kept-copy/kept-copy';

/** Everything the user has; the index metadata is derived and reset by every restore. */
const everything = (sql: SqlClient) => dumpTables(sql, ['message_index_meta']);
const contains = (bytes: Uint8Array, text: string) => Buffer.from(bytes).includes(Buffer.from(text));

async function setUp() {
  const sqlite3 = await loadSqlite();
  const live = await openTestClient();
  seedWorkspace(live);
  // The backup to restore: another workspace, with one session of its own.
  const other = await openTestClient();
  other.run(
    "INSERT INTO sessions (id, name, assistant_id, created_at, updated_at) VALUES ('b1', 'From the backup', 'default', 5, 5)",
  );
  const backup = createBackup(sqlite3, other);
  const kept = new MemoryKeptCopyStore();
  let rebuilt = 0;
  let busy = false;
  const data = new DataService({
    sqlite3,
    sql: live,
    repos: createSqliteRepositories(live),
    content: {} as ContentService,
    migrations: MIGRATIONS,
    changes: new ChangeFeed(),
    busy: () => busy,
    afterRestore: () => rebuilt++,
    kept,
  });
  const restore = async (bytes = backup) => data.restore(data.inspectBackup(bytes).token);
  return { sqlite3, live, data, kept, restore, rebuilds: () => rebuilt, setBusy: (value: boolean) => (busy = value) };
}

describe('a restore that can be undone', () => {
  it('brings back what only this device has: "always allow" decisions, and a saved setting the app uses with its default', async () => {
    const { live, data, restore } = await setUp();
    live.run("INSERT INTO tool_grants (assistant_id, server_url, tool, created_at) VALUES ('default', '', 'delete_content', 1)");
    live.run("INSERT OR REPLACE INTO settings (key, value, updated_at) VALUES ('agent', '{\"maxSteps\": -5}', 1)");
    const before = everything(live);
    await restore();
    expect(live.all('SELECT tool FROM tool_grants')).toEqual([]);
    await data.undoRestore();
    expect(everything(live)).toEqual(before);
  });

  it('keeps the data from before, and its undo brings it back exactly, API keys included', async () => {
    const { live, data, restore, rebuilds } = await setUp();
    const before = everything(live);
    const result = await restore();
    expect(result.sessions).toBe(1);
    expect(result.kept?.bytes).toBeGreaterThan(0);
    expect(live.all('SELECT id FROM sessions')).toEqual([{ id: 'b1' }]);
    expect(await data.keptCopy()).toEqual(result.kept);

    const undone = await data.undoRestore();
    expect(undone.sessions).toBe(2);
    expect(everything(live)).toEqual(before);
    expect(String(live.value("SELECT value FROM settings WHERE key = 'providers'"))).toContain(SECRET_KEY);
    expect(rebuilds()).toBe(2);
    // Undone once: nothing is left to undo.
    expect(await data.keptCopy()).toBeNull();
    await expect(data.undoRestore()).rejects.toMatchObject({ code: 'NotFound' });
  });

  it('replaces the kept copy at the next restore: its undo brings back the data from just before that one', async () => {
    const { live, data, restore } = await setUp();
    const first = await restore();
    live.run("UPDATE sessions SET name = 'Renamed between the restores' WHERE id = 'b1'");
    const between = everything(live);
    const second = await restore();
    expect(second.kept?.takenAt).toBeGreaterThanOrEqual(first.kept!.takenAt);
    await data.undoRestore();
    expect(everything(live)).toEqual(between);
  });

  it('offers the kept copy as a download without API keys or MCP tokens', async () => {
    const { data, restore } = await setUp();
    await expect(data.exportKeptCopy()).rejects.toMatchObject({ code: 'NotFound' });
    await restore();
    const file = await data.exportKeptCopy();
    expect(file.filename).toMatch(/^libragent-before-restore-.*\.sqlite3$/);
    expect(contains(file.bytes, SECRET_KEY)).toBe(false);
    expect(contains(file.bytes, MCP_SECRET)).toBe(false);
    const sqlite3 = await loadSqlite();
    const copy = openBytesInMemory(sqlite3, file.bytes);
    expect(copy.all('SELECT id FROM sessions ORDER BY id')).toEqual([{ id: 's1' }, { id: 's2' }]);
    copy.close();
  });

  it('restores nothing when the copy cannot be kept (storage full), and the earlier kept copy stays', async () => {
    const { live, data, kept, restore } = await setUp();
    await restore();
    const earlier = await data.keptCopy();
    live.run("UPDATE sessions SET name = 'Still here' WHERE id = 'b1'");
    const now = everything(live);
    kept.capacity = 8192;
    await expect(restore()).rejects.toMatchObject({ code: 'StorageFull', message: /nothing was restored/ });
    expect(everything(live)).toEqual(now);
    expect(await data.keptCopy()).toEqual(earlier);
  });

  it('refuses to restore or undo while an answer or an upload runs, changing nothing', async () => {
    const { live, data, restore, setBusy } = await setUp();
    await restore();
    const now = everything(live);
    setBusy(true);
    await expect(data.undoRestore()).rejects.toMatchObject({ code: 'Busy' });
    await expect(restore()).rejects.toMatchObject({ code: 'Busy' });
    expect(everything(live)).toEqual(now);
    expect(await data.keptCopy()).not.toBeNull();
  });

  it('deletes the kept copy when asked, freeing its space', async () => {
    const { data, restore } = await setUp();
    await restore();
    await data.deleteKeptCopy();
    expect(await data.keptCopy()).toBeNull();
  });

  it('keeps the live database page by page as the very file SQLite would write', async () => {
    const sqlite3 = await loadSqlite();
    const live = await openTestClient();
    seedWorkspace(live);
    const store = new MemoryKeptCopyStore();
    const draft = await store.begin(1);
    const size = keepCurrentDatabase(live, draft);
    await draft.commit();
    const kept = await store.read();
    expect(kept?.byteLength).toBe(size);
    expect(Buffer.from(kept!).equals(Buffer.from(databaseBytes(sqlite3, live.db)))).toBe(true);
  });
});
