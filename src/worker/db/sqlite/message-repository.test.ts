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
