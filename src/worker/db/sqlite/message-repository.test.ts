import { beforeEach, describe, expect, it } from 'vitest';
import { makeMessage, testClock } from '../contract/fixtures';
import { openTestClient } from '../test-support';
import type { Repositories } from '../repositories';
import { createSqliteRepositories } from '.';
import type { SqlClient } from './sql-client';

/** What only the SQLite implementation has: the per-row change stamp the search index reads. */
describe('messages.index_seq', () => {
  let sql: SqlClient;
  let repos: Repositories;
  const stamp = (id: string) => Number(sql.value('SELECT index_seq FROM messages WHERE id = ?', [id]));
  const counter = (sessionId: string) => repos.messages.getIndexMeta(sessionId)!.changeSeq;

  beforeEach(async () => {
    sql = await openTestClient();
    const clock = testClock();
    repos = createSqliteRepositories(sql, clock.now);
    for (const id of ['s1', 's2']) repos.sessions.create({ id, name: id, assistantId: 'default', createdAt: clock.advance() });
  });

  it('stamps each written row with its session counter after the write', () => {
    repos.messages.insert(makeMessage({ id: 'a', sessionId: 's1' }));
    expect(stamp('a')).toBe(counter('s1'));
    repos.messages.insertMany([makeMessage({ id: 'b', sessionId: 's1' }), makeMessage({ id: 'c', sessionId: 's2' })]);
    expect(stamp('b')).toBe(counter('s1'));
    expect(stamp('b')).toBeGreaterThan(stamp('a'));
    expect(stamp('c')).toBe(counter('s2'));
  });

  it('stamps an upsert of a known id again, so an edit is seen as a change', () => {
    repos.messages.insert(makeMessage({ id: 'a', sessionId: 's1' }));
    const first = stamp('a');
    repos.messages.insert(makeMessage({ id: 'a', sessionId: 's1', content: 'edited' }));
    expect(stamp('a')).toBeGreaterThan(first);
  });

  it('leaves no counter bumped when the write fails', () => {
    repos.messages.insert(makeMessage({ id: 'a', sessionId: 's1' }));
    expect(() => repos.messages.insert(makeMessage({ id: 'a', sessionId: 's2' }))).toThrow(/another session/);
    expect(repos.messages.getIndexMeta('s2')).toBeNull();
    expect(() => repos.messages.insert(makeMessage({ id: 'z', sessionId: 'missing' }))).toThrow(/does not exist/);
  });
});
