import { beforeEach, describe, expect, it } from 'vitest';
import { makeMessage, testClock } from '../contract/fixtures';
import { openTestClient } from '../test-support';
import type { Repositories } from '../repositories';
import { createSqliteRepositories } from '.';
import type { SqlClient } from './sql-client';
import { CHUNK_BASE } from '../../search/index-rows';

/** What only the SQLite implementation has: the queue the search index drains (migration 0004). */
describe('search_queue', () => {
  let sql: SqlClient;
  let repos: Repositories;
  const queued = () =>
    sql.all('SELECT doc, session_id FROM search_queue ORDER BY doc').map((row) => [Number(row.doc), row.session_id]);
  const rowid = (id: string) => Number(sql.value('SELECT rowid FROM messages WHERE id = ?', [id]));
  const counter = (sessionId: string) => repos.messages.getIndexMeta(sessionId)!.changeSeq;

  beforeEach(async () => {
    sql = await openTestClient();
    const clock = testClock();
    repos = createSqliteRepositories(sql, clock.now);
    for (const id of ['s1', 's2']) repos.sessions.create({ id, name: id, assistantId: 'default', createdAt: clock.advance() });
  });

  it('queues every written, edited or deleted message once, with its session', () => {
    repos.messages.insert(makeMessage({ id: 'a', sessionId: 's1' }));
    repos.messages.insertMany([makeMessage({ id: 'b', sessionId: 's1' }), makeMessage({ id: 'c', sessionId: 's2' })]);
    // A message's doc is minus its rowid (the newest first: search/index-rows.ts).
    expect(queued()).toEqual([
      [-rowid('c'), 's2'],
      [-rowid('b'), 's1'],
      [-rowid('a'), 's1'],
    ]);
    sql.run('DELETE FROM search_queue');
    repos.messages.insert(makeMessage({ id: 'a', sessionId: 's1', content: 'edited' }));
    repos.messages.insert(makeMessage({ id: 'a', sessionId: 's1', content: 'edited again' }));
    const a = rowid('a');
    repos.messages.deleteById('b');
    expect(queued().map(([doc]) => doc)).toEqual([-(a + 1), -a]);
  });

  it('queues a document chunk as minus 2^40 minus its rowid, and its removal', () => {
    const chunk = { id: 'd-c0', text: 'rent', startLine: 1, endLine: 1, page: null, sheet: null };
    repos.contentStore.addContent('s2', { id: 'd', filename: 'a.txt', mimeType: 'text/plain', size: 4, content: 'rent' }, [
      chunk,
    ]);
    const chunkRow = Number(sql.value("SELECT rowid FROM chunks WHERE id = 'd-c0'"));
    expect(queued()).toEqual([[-CHUNK_BASE - chunkRow, 's2']]);
    sql.run('DELETE FROM search_queue');
    repos.contentStore.deleteContent('s2', 'd');
    expect(queued().map(([doc]) => doc)).toEqual([-CHUNK_BASE - chunkRow]);
  });

  it('bumps the session counter with each write and queues nothing when the write fails', () => {
    repos.messages.insert(makeMessage({ id: 'a', sessionId: 's1' }));
    const before = counter('s1');
    repos.messages.insert(makeMessage({ id: 'a', sessionId: 's1', content: 'edited' }));
    expect(counter('s1')).toBeGreaterThan(before);
    sql.run('DELETE FROM search_queue');
    expect(() => repos.messages.insert(makeMessage({ id: 'a', sessionId: 's2' }))).toThrow(/another session/);
    expect(repos.messages.getIndexMeta('s2')).toBeNull();
    expect(() => repos.messages.insert(makeMessage({ id: 'z', sessionId: 'missing' }))).toThrow(/does not exist/);
    expect(queued()).toEqual([]);
  });
});

describe('the search queue trigger of an edit (migration 0007)', () => {
  it('leaves a queued row alone when the edit changes nothing of it, and gives one that lost its session its session back', async () => {
    const sql = await openTestClient();
    const repos = createSqliteRepositories(sql, testClock().now);
    repos.sessions.create({ id: 's1', name: 's1', assistantId: 'default', createdAt: 1 });
    repos.messages.insert(makeMessage({ id: 'a', sessionId: 's1' }));
    sql.exec(`CREATE TEMP TABLE rewrites (doc INTEGER);
      CREATE TEMP TRIGGER log_rewrites AFTER UPDATE ON main.search_queue BEGIN INSERT INTO rewrites VALUES (new.doc); END;`);
    // The streaming update: the same message, again and again, while it waits in the queue.
    for (const content of ['par', 'partial', 'partial answer']) {
      repos.messages.insert(makeMessage({ id: 'a', sessionId: 's1', content }));
    }
    expect(sql.all('SELECT doc FROM rewrites')).toEqual([]);
    sql.run('UPDATE search_queue SET session_id = NULL');
    sql.run('DELETE FROM rewrites');
    repos.messages.insert(makeMessage({ id: 'a', sessionId: 's1', content: 'final' }));
    expect(sql.all('SELECT doc, session_id FROM search_queue').map((row) => row.session_id)).toEqual(['s1']);
  });
});

describe('insert_many in one statement', () => {
  /** Every column as SQLite stores it, with its type: the batch must store exactly what single inserts do. */
  const stored = (sql: SqlClient) =>
    sql.all(
      `SELECT m.*, typeof(content) AS t_content, typeof(created_at) AS t_created, typeof(is_streaming) AS t_streaming,
              typeof(tool_calls) AS t_tools, hex(content) AS hex_content, c.message_count
       FROM messages m JOIN message_counts c USING (session_id) ORDER BY m.rowid`,
    );
  const awkward = [
    makeMessage({ id: 'plain', sessionId: 's1' }),
    makeMessage({ id: 'nul', sessionId: 's1', content: 'a\u0000b', createdAt: Number.MAX_SAFE_INTEGER }),
    makeMessage({ id: 'scripts', sessionId: 's2', content: 'é 漢字 🙂', thinking: '"quoted" \\ back', isStreaming: true }),
    makeMessage({
      id: 'lone',
      sessionId: 's1',
      content: 'cut \ud83d',
      toolCalls: [{ id: 't', type: 'function', function: { name: 'n', arguments: '{}' } }],
    }),
    makeMessage({ id: 'plain', sessionId: 's1', content: 'the same id again, later in the batch', updatedAt: 5 }),
  ];

  async function twoDatabases() {
    const open = async () => {
      const sql = await openTestClient();
      const repos = createSqliteRepositories(sql, testClock().now);
      for (const id of ['s1', 's2']) repos.sessions.create({ id, name: id, assistantId: 'default', createdAt: 1 });
      return { sql, repos };
    };
    return { batch: await open(), single: await open() };
  }

  it('stores every value exactly as single inserts do, a lone surrogate and a repeated id included', async () => {
    const { batch, single } = await twoDatabases();
    batch.repos.messages.insertMany(awkward.filter((m) => m.id !== 'lone'));
    for (const message of awkward.filter((m) => m.id !== 'lone')) single.repos.messages.insert(message);
    expect(stored(batch.sql)).toEqual(stored(single.sql));
    // With text JSON cannot carry, the batch takes the row-by-row path, and stores the same.
    batch.repos.messages.insertMany(awkward);
    for (const message of awkward) single.repos.messages.insert(message);
    expect(stored(batch.sql)).toEqual(stored(single.sql));
    expect(batch.repos.messages.get('lone').content).toBe('cut \ud83d');
  });

  it('names the first bad row, and writes none of the batch', async () => {
    const { batch } = await twoDatabases();
    batch.repos.messages.insert(makeMessage({ id: 'taken', sessionId: 's2' }));
    const before = stored(batch.sql);
    const bad = [
      makeMessage({ id: 'ok', sessionId: 's1' }),
      makeMessage({ id: 'taken', sessionId: 's1' }),
      makeMessage({ id: 'lost', sessionId: 'missing' }),
    ];
    expect(() => batch.repos.messages.insertMany(bad)).toThrow(/Message taken belongs to another session/);
    expect(() => batch.repos.messages.insertMany([bad[0], bad[2], bad[1]])).toThrow(/Session missing does not exist/);
    expect(stored(batch.sql)).toEqual(before);
  });
});
