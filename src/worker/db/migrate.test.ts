import { describe, expect, it } from 'vitest';
import { createSession, expectCode, makeMessage } from './contract/fixtures';
import { migrate, parseMigrationFiles, schemaVersion, type Migration } from './migrate';
import { MIGRATIONS } from './migrations';
import { prepareDatabase } from './prepare-database';
import { createSqliteRepositories } from './sqlite';
import { SqlClient } from './sqlite/sql-client';
import { damagedCopy, loadSqlite, openTestClient } from './test-support';

async function emptyClient(): Promise<SqlClient> {
  const sqlite3 = await loadSqlite();
  return new SqlClient(new sqlite3.oo1.DB(':memory:'), sqlite3);
}

const tables = (sql: SqlClient) =>
  sql.all("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").map((row) => String(row.name));

const failing = (version: number): Migration => ({
  version,
  name: `${String(version).padStart(4, '0')}-broken.sql`,
  sql: 'CREATE TABLE half_done (x); ALTER TABLE messages ADD COLUMN extra TEXT; INSERT INTO no_such_table VALUES (1);',
});

describe('migrations', () => {
  it('creates the whole schema on first start and records the version', async () => {
    const sql = await emptyClient();
    const result = prepareDatabase(sql, MIGRATIONS);
    expect(result).toEqual({ fromVersion: 0, toVersion: MIGRATIONS.length, applied: MIGRATIONS.map((m) => m.name) });
    expect(schemaVersion(sql)).toBe(MIGRATIONS.length);
    expect(tables(sql)).toEqual(
      expect.arrayContaining([
        'assistants',
        'chunks',
        'contents',
        'message_index_meta',
        'messages',
        'sessions',
        'settings',
        'stores',
      ]),
    );
    expect(Number(sql.value('PRAGMA foreign_keys'))).toBe(1);
  });

  it("keeps the desktop app's columns, checks and indexes", async () => {
    const sql = await openTestClient();
    const columns = (table: string) => sql.all(`PRAGMA table_info(${table})`).map((row) => String(row.name));
    expect(columns('messages')).toEqual([
      'id',
      'session_id',
      'role',
      'content',
      'tool_calls',
      'tool_call_id',
      'is_streaming',
      'thinking',
      'thinking_signature',
      'assistant_id',
      'attachments',
      'tool_use',
      'created_at',
      'updated_at',
      'source',
      'error',
      'index_seq', // ours (migration 0003); unused since 0004 (search_queue), kept to avoid rewriting the table
    ]);
    expect(columns('message_index_meta')).toEqual(
      expect.arrayContaining([
        'session_id',
        'index_path',
        'last_indexed_at',
        'doc_count',
        'index_version',
        'last_rebuild_duration_ms',
      ]),
    );
    expect(columns('contents')).toEqual(
      expect.arrayContaining([
        'id',
        'session_id',
        'filename',
        'mime_type',
        'size',
        'line_count',
        'preview',
        'uploaded_at',
        'chunk_count',
        'last_accessed_at',
        'content',
      ]),
    );
    expect(columns('chunks')).toEqual(
      expect.arrayContaining(['id', 'content_id', 'chunk_index', 'text', 'start_line', 'end_line']),
    );
    const indexes = sql.all("SELECT name FROM sqlite_schema WHERE type = 'index'").map((row) => String(row.name));
    expect(indexes).toEqual(
      expect.arrayContaining(['idx_messages_session_created', 'idx_contents_session_id', 'idx_chunks_content_id']),
    );
    // Covered by idx_messages_session_created since migration 0007.
    expect(indexes).not.toContain('idx_messages_session_id');
    createSession(createSqliteRepositories(sql), 's1');
    expect(() =>
      sql.run("INSERT INTO messages (id, session_id, role, content, created_at, updated_at) VALUES ('x', '', 'user', '', 1, 1)"),
    ).toThrow(/CHECK constraint/);
  });

  it('does nothing when the database is current', async () => {
    const sql = await openTestClient();
    expect(migrate(sql, MIGRATIONS).applied).toEqual([]);
  });

  it('rolls back a failing migration and leaves the data and version as they were', async () => {
    const sql = await openTestClient();
    const repos = createSqliteRepositories(sql);
    createSession(repos, 's1');
    const before = tables(sql);
    const version = schemaVersion(sql);

    expectCode(() => migrate(sql, [...MIGRATIONS, failing(version + 1)]), 'MigrationFailed');

    expect(schemaVersion(sql)).toBe(version);
    expect(tables(sql)).toEqual(before);
    expect(sql.all('PRAGMA table_info(messages)').map((row) => row.name)).not.toContain('extra');
    expect(repos.sessions.list().map((s) => s.id)).toEqual(['s1']);
    // Still usable afterwards: no transaction was left open.
    createSession(repos, 's2');
  });

  it('applies all pending migrations or none of them', async () => {
    const sql = await emptyClient();
    try {
      prepareDatabase(sql, [...MIGRATIONS, failing(MIGRATIONS.length + 1)]);
      expect.unreachable();
    } catch (error) {
      expect((error as { code: string }).code).toBe('MigrationFailed');
      expect((error as Error).message).toMatch(/broken\.sql.*Nothing was changed/s);
    }
    expect(schemaVersion(sql)).toBe(0);
    expect(tables(sql)).toEqual([]);
  });

  it('refuses a database newer than the app and does not touch it', async () => {
    const sql = await openTestClient();
    createSession(createSqliteRepositories(sql), 's1');
    sql.exec(`PRAGMA user_version = ${MIGRATIONS.length + 5}`);
    expectCode(() => prepareDatabase(sql, MIGRATIONS), 'SchemaTooNew');
    expect(schemaVersion(sql)).toBe(MIGRATIONS.length + 5);
    expect(Number(sql.value('SELECT COUNT(1) FROM sessions'))).toBe(1);
  });

  it('reads numbered files in order and refuses gaps and odd names', () => {
    expect(parseMigrationFiles({ './0002-b.sql': 'B', './0001-a.sql': 'A' }).map((m) => m.version)).toEqual([1, 2]);
    expect(() => parseMigrationFiles({ './0001-a.sql': '', './0003-c.sql': '' })).toThrow(/without gaps/);
    expect(() => parseMigrationFiles({ './first.sql': '' })).toThrow(/0001-name\.sql/);
  });
});

describe('opening a damaged database', () => {
  it('is detected by the integrity check and reported as Corrupt, without changes', async () => {
    const sqlite3 = await loadSqlite();
    const good = await openTestClient();
    const repos = createSqliteRepositories(good);
    createSession(repos, 's1');
    repos.messages.insertMany(
      Array.from({ length: 400 }, (_, i) =>
        makeMessage({ id: `m${i}`, sessionId: 's1', content: 'x'.repeat(200), createdAt: i, updatedAt: i }),
      ),
    );
    const sql = damagedCopy(sqlite3, good);
    const version = schemaVersion(sql);
    expectCode(() => prepareDatabase(sql, MIGRATIONS), 'Corrupt');
    expect(schemaVersion(sql)).toBe(version);
  });
});
