/**
 * The anchor cache itself (page-anchors.ts): page-anchors.test.ts proves pages stay exact, which
 * they would also be with no anchor at all (the slow OFFSET path). Here: each anchor is the key of
 * the message at its place, found once and then served from memory, as deep as asked and no
 * deeper, dropped when the session's order stamp changes, and kept for a bounded number of
 * sessions. Reads are counted through the RowSource the cache is given.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { makeMessage } from '../contract/fixtures';
import { openTestClient } from '../test-support';
import { createSqliteRepositories } from '.';
import { PageAnchors, type RowSource } from './page-anchors';
import type { SqlClient } from './sql-client';

const SPACING = 4;

let sql: SqlClient;
let reads: number;
let anchors: PageAnchors;

/** The key of the message at `position` (0-based) in history order, read the plain way. */
function keyOf(sessionId: string, position: number) {
  const row = sql.get(
    'SELECT created_at, rowid AS rid FROM messages WHERE session_id = ? ORDER BY created_at, rowid LIMIT 1 OFFSET ?',
    [sessionId, position],
  );
  return row && { createdAt: row.created_at, rowid: row.rid };
}

beforeEach(async () => {
  sql = await openTestClient();
  const repos = createSqliteRepositories(sql, () => 1);
  for (let s = 0; s < 18; s++) {
    repos.sessions.create({ id: `s${s}`, name: `S${s}`, assistantId: 'default', createdAt: 1 });
  }
  // Ties on created_at, so the rowid must break them.
  for (let i = 0; i < 30; i++)
    repos.messages.insert(makeMessage({ id: `m${i}`, sessionId: 's0', createdAt: 100 + Math.floor(i / 3) }));
  for (let s = 1; s < 18; s++) repos.messages.insert(makeMessage({ id: `x${s}`, sessionId: `s${s}`, createdAt: 5 }));
  reads = 0;
  const counted: RowSource = {
    get: (text, bind) => {
      reads++;
      return sql.get(text, bind);
    },
  };
  anchors = new PageAnchors(counted, SPACING);
});

describe('PageAnchors', () => {
  it('gives the key of every spacing-th message, the first at position 0', () => {
    for (let index = 0; index * SPACING < 30; index++)
      expect(anchors.keyAt('s0', 'a', index)).toEqual(keyOf('s0', index * SPACING));
  });

  it('reads each anchor once, only as deep as asked, each from the one before', () => {
    expect(anchors.keyAt('s0', 'a', 3)).toEqual(keyOf('s0', 12));
    expect(reads).toBe(4); // the first message, then three steps of SPACING
    expect(anchors.keyAt('s0', 'a', 1)).toEqual(keyOf('s0', 4));
    expect(anchors.keyAt('s0', 'a', 3)).toEqual(keyOf('s0', 12));
    expect(reads).toBe(4);
    expect(anchors.keyAt('s0', 'a', 5)).toEqual(keyOf('s0', 20));
    expect(reads).toBe(6);
  });

  it('answers undefined past the last message, and for a session without messages', () => {
    expect(anchors.keyAt('s0', 'a', 7)).toEqual(keyOf('s0', 28));
    expect(anchors.keyAt('s0', 'a', 8)).toBeUndefined();
    expect(anchors.keyAt('s1', 'a', 1)).toBeUndefined();
    expect(anchors.keyAt('nobody', 'a', 0)).toBeUndefined();
  });

  it('drops a session’s anchors when its order stamp differs, and only that session’s', () => {
    anchors.keyAt('s0', 'a', 2);
    anchors.keyAt('s1', 'a', 0);
    reads = 0;
    sql.run('DELETE FROM messages WHERE id = ?', ['m0']);
    expect(anchors.keyAt('s0', 'b', 2)).toEqual(keyOf('s0', 8));
    expect(reads).toBe(3);
    expect(anchors.keyAt('s1', 'a', 0)).toEqual(keyOf('s1', 0));
    expect(reads).toBe(3);
  });

  it('keeps the anchors of the 16 sessions paged most recently, and lets the least recent go', () => {
    for (let s = 0; s < 16; s++) anchors.keyAt(`s${s}`, 'a', 0);
    anchors.keyAt('s0', 'a', 0); // s0 used again: s1 is now the least recent
    anchors.keyAt('s16', 'a', 0); // a 17th session
    reads = 0;
    anchors.keyAt('s0', 'a', 0);
    anchors.keyAt('s2', 'a', 0);
    expect(reads).toBe(0);
    anchors.keyAt('s1', 'a', 0);
    expect(reads).toBe(1);
  });
});
