/**
 * OFFSET pages read from cached anchors (page-anchors.ts) and counts kept by triggers (migration
 * 0006) must be exactly what a plain COUNT and OFFSET return, after any write by anyone: the
 * repositories, raw SQL (as imports, restores and the search index write), a rolled-back
 * transaction, a deleted and recreated session.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeMessage, testClock } from '../contract/fixtures';
import type { Repositories } from '../repositories';
import { openTestClient } from '../test-support';
import { createSqliteRepositories } from '.';
import type { SqlClient } from './sql-client';

const SESSIONS = ['s1', 's2'];
const PAGE_SIZES = [1, 2, 3, 5];

type Step =
  | { op: 'insert'; id: number; sessionId: string; at: number }
  | { op: 'insertMany'; ids: number[]; sessionId: string; at: number }
  | { op: 'edit'; id: number }
  | { op: 'delete'; id: number }
  | { op: 'deleteBySession' | 'recreateSession'; sessionId: string }
  | { op: 'rawDelete'; id: number }
  | { op: 'rawRetime'; id: number; at: number }
  | { op: 'rawMove'; id: number; sessionId: string }
  | { op: 'rolledBack'; id: number; sessionId: string; at: number };

const id = fc.integer({ min: 0, max: 40 });
const sessionId = fc.constantFrom(...SESSIONS);
/** Few distinct times, so messages land between others and ties (broken by rowid) are common. */
const at = fc.integer({ min: 0, max: 8 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('insert' as const), id, sessionId, at }) },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('insertMany' as const), ids: fc.array(id, { maxLength: 8 }), sessionId, at }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('edit' as const), id }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), id }) },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constantFrom('deleteBySession' as const, 'recreateSession' as const), sessionId }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('rawDelete' as const), id }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('rawRetime' as const), id, at }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('rawMove' as const), id, sessionId }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('rolledBack' as const), id, sessionId, at }) },
);

const message = (n: number, session: string, time: number) =>
  makeMessage({ id: `m${n}`, sessionId: session, createdAt: time * 1000, updatedAt: time * 1000 });

/** Runs a step; a write the repositories refuse (a taken id, a missing message) is simply not made. */
function apply(repos: Repositories, sql: SqlClient, s: Step): void {
  const tolerate = (write: () => unknown) => {
    try {
      write();
    } catch (error) {
      if (typeof (error as { code?: unknown }).code !== 'string') throw error;
    }
  };
  switch (s.op) {
    case 'insert':
      return tolerate(() => repos.messages.insert(message(s.id, s.sessionId, s.at)));
    case 'insertMany':
      return tolerate(() => repos.messages.insertMany([...new Set(s.ids)].map((n) => message(n, s.sessionId, s.at))));
    case 'edit':
      return void sql.run("UPDATE messages SET content = content || ' (edited)' WHERE id = ?", [`m${s.id}`]);
    case 'delete':
      return tolerate(() => repos.messages.deleteById(`m${s.id}`));
    case 'deleteBySession':
      return void repos.messages.deleteBySession(s.sessionId);
    case 'recreateSession':
      repos.sessions.delete(s.sessionId);
      return void repos.sessions.create({ id: s.sessionId, name: s.sessionId, assistantId: 'default', createdAt: 0 });
    case 'rawDelete':
      return void sql.run('DELETE FROM messages WHERE id = ?', [`m${s.id}`]);
    case 'rawRetime':
      return void sql.run('UPDATE messages SET created_at = ? WHERE id = ?', [s.at * 1000, `m${s.id}`]);
    case 'rawMove':
      return void sql.run('UPDATE messages SET session_id = ? WHERE id = ?', [s.sessionId, `m${s.id}`]);
    case 'rolledBack':
      // Pages read inside the transaction see its writes; the anchors they cache must not outlive it.
      return tolerate(() =>
        repos.transaction(() => {
          repos.messages.insert(message(s.id, s.sessionId, s.at));
          repos.messages.getPage(s.sessionId, 2, 2);
          throw Object.assign(new Error('undo'), { code: 'Internal' });
        }),
      );
  }
}

/** Every page of every session at a few sizes, against a plain COUNT and OFFSET. */
function expectExactPages(repos: Repositories, sql: SqlClient, context: string): void {
  for (const session of SESSIONS) {
    const ids = sql
      .all('SELECT id FROM messages WHERE session_id = ? ORDER BY created_at, rowid', [session])
      .map((row) => String(row.id));
    expect(repos.messages.countBySession(session), `${context}: count of ${session}`).toBe(ids.length);
    for (const size of PAGE_SIZES) {
      for (let page = 1; page <= Math.ceil(ids.length / size) + 1; page++) {
        const result = repos.messages.getPage(session, page, size);
        const expected = ids.slice((page - 1) * size, page * size);
        expect(
          result.items.map((m) => m.id),
          `${context}: ${session} page ${page} of ${size}`,
        ).toEqual(expected);
        expect(result.totalItems).toBe(ids.length);
        expect(result.hasNext).toBe(page * size < ids.length);
      }
    }
  }
}

async function open() {
  const sql = await openTestClient();
  const repos = createSqliteRepositories(sql, testClock().now, { pageAnchorSpacing: 3 });
  for (const session of SESSIONS) repos.sessions.create({ id: session, name: session, assistantId: 'default', createdAt: 0 });
  return { sql, repos };
}

describe('OFFSET pages from anchors and kept counts', () => {
  it('stay exact after every write, whoever makes it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 30 }), async (steps) => {
        const { sql, repos } = await open();
        for (const [index, s] of steps.entries()) {
          apply(repos, sql, s);
          expectExactPages(repos, sql, `after step ${index + 1} (${s.op})`);
        }
      }),
      { numRuns: 120 },
    );
  });

  it('keep the count exact without the streaming update touching it', async () => {
    const { sql, repos } = await open();
    repos.messages.insertMany(Array.from({ length: 10 }, (_, n) => message(n, 's1', n)));
    const stamp = () => sql.value("SELECT order_stamp FROM message_counts WHERE session_id = 's1'");
    const before = stamp();
    repos.messages.insert({ ...message(4, 's1', 4), content: 'streamed further', isStreaming: true });
    expect(stamp()).toBe(before);
    repos.messages.insert(message(20, 's1', 2));
    expect(stamp()).not.toBe(before);
    expect(sql.value("SELECT message_count FROM message_counts WHERE session_id = 's1'")).toBe(11);
    expectExactPages(repos, sql, 'after a message in the middle');
  });

  it('are exact for a session whose count row is missing (counted the slow way)', async () => {
    const { sql, repos } = await open();
    repos.messages.insertMany(Array.from({ length: 7 }, (_, n) => message(n, 's2', 7 - n)));
    sql.run("DELETE FROM message_counts WHERE session_id = 's2'");
    expectExactPages(repos, sql, 'without a count row');
  });
});
