import { describe, expect, it } from 'vitest';
import { createBackup } from '../../data/backup/backup';
import { keepCurrentDatabase } from '../../data/backup/keep-current';
import { openBytesInMemory } from '../../data/backup/sqlite-bytes';
import { MemoryKeptCopyStore } from '../../data/kept-copy/kept-copy';
import { createSession, makeMessage } from '../contract/fixtures';
import { MIGRATIONS } from '../migrations';
import { prepareDatabase, prepareDatabaseCheckingLater } from '../prepare-database';
import { loadSqlite } from '../test-support';
import { createSqliteRepositories } from '.';
import { configureOpfsConnection, useWriteAheadLog } from './opfs-connection';
import { SqlClient } from './sql-client';

/**
 * The app's database in WAL mode (opfs-connection.ts), on a file. In Node, sqlite-wasm's
 * "unix-none" VFS keeps files in Emscripten's in-memory file system and, like opfs-sahpool, has
 * no shared memory: a WAL works there only in locking_mode EXCLUSIVE, as on OPFS.
 */
let files = 0;
const newFile = () => `/write-ahead-log-${++files}.sqlite3`;

async function connect(file: string): Promise<SqlClient> {
  const sqlite3 = await loadSqlite();
  return new SqlClient(new sqlite3.oo1.DB({ filename: file, flags: 'c', vfs: 'unix-none' }), sqlite3);
}

/** Opened as the app opens its file (tab/open-database.ts). */
async function openAsTheApp(file: string): Promise<SqlClient> {
  const sql = await connect(file);
  configureOpfsConnection(sql);
  prepareDatabaseCheckingLater(sql, MIGRATIONS, () => useWriteAheadLog(sql));
  return sql;
}

/** The file format the header says (bytes 18 and 19): 1 rollback journal, 2 WAL. */
const formatOf = (bytes: Uint8Array) => [bytes[18], bytes[19]];
const headerFormat = (sql: SqlClient) => formatOf(sql.value('SELECT data FROM sqlite_dbpage WHERE pgno = 1') as Uint8Array);

function addMessages(sql: SqlClient, count: number, from = 0): void {
  const repos = createSqliteRepositories(sql);
  if (repos.sessions.list({ limit: 1 }).length === 0) createSession(repos, 's1');
  repos.messages.insertMany(
    Array.from({ length: count }, (_, i) => makeMessage({ id: `m${from + i}`, sessionId: 's1', createdAt: from + i })),
  );
}

const messageIds = (sql: SqlClient) => sql.all('SELECT id FROM messages ORDER BY created_at').map((row) => row.id);

describe('the database in WAL mode', () => {
  it('switches to WAL at the first write, not before: until then the file is read as it is', async () => {
    const file = newFile();
    const old = await connect(file);
    prepareDatabase(old, MIGRATIONS);
    addMessages(old, 3);
    old.close();

    const sql = await openAsTheApp(file);
    expect(messageIds(sql)).toEqual(['m0', 'm1', 'm2']);
    expect(headerFormat(sql)).toEqual([1, 1]);
    addMessages(sql, 1, 3);
    expect(String(sql.value('PRAGMA journal_mode'))).toBe('wal');
    expect(headerFormat(sql)).toEqual([2, 2]);
    sql.close();
  });

  it('keeps every write across close and reopen, and what a tab killed before its checkpoint left in the WAL', async () => {
    const file = newFile();
    const first = await openAsTheApp(file);
    addMessages(first, 5);
    // A second start while the first has neither checkpointed nor closed, as after a killed tab:
    // the commits are only in the WAL, and the new connection must find them there.
    const afterKill = await openAsTheApp(file);
    expect(messageIds(afterKill)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    afterKill.close();
    first.close();

    const reopened = await openAsTheApp(file);
    expect(messageIds(reopened)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    addMessages(reopened, 2, 5);
    reopened.close();
    const again = await openAsTheApp(file);
    expect(messageIds(again)).toHaveLength(7);
    again.close();
  });

  it('writes a backup and a kept copy as complete rollback-mode files, which open in memory', async () => {
    const sqlite3 = await loadSqlite();
    const sql = await openAsTheApp(newFile());
    addMessages(sql, 4);
    expect(headerFormat(sql)).toEqual([2, 2]);

    const backup = createBackup(sqlite3, sql);
    const store = new MemoryKeptCopyStore();
    const draft = await store.begin(1);
    keepCurrentDatabase(sql, draft);
    await draft.commit();
    const kept = (await store.read())!;

    for (const bytes of [backup, kept]) {
      expect(formatOf(bytes)).toEqual([1, 1]);
      const copy = openBytesInMemory(sqlite3, bytes);
      expect(messageIds(copy)).toEqual(['m0', 'm1', 'm2', 'm3']);
      copy.close();
    }
    sql.close();
  });
});
