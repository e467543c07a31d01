import { describe, expect, it, vi } from 'vitest';
import { CachedContentStore } from './cached-content-store';
import { createSession, expectCode } from './contract/fixtures';
import { createSqliteRepositories } from './sqlite';
import { SqliteContentStoreRepository } from './sqlite/content-store-repository';
import type { SqlClient } from './sqlite/sql-client';
import { openTestClient } from './test-support';

const doc = (id: string, content: string) => ({
  id,
  filename: `${id}.txt`,
  mimeType: 'text/plain',
  size: content.length,
  content,
});

async function setup(budget?: number) {
  const sql = await openTestClient();
  createSession(createSqliteRepositories(sql), 's1');
  const stored = new SqliteContentStoreRepository(sql, Date.now);
  const cache = new CachedContentStore(
    stored,
    () => sql.inTransaction,
    (id) => stored.touch(id),
    budget,
  );
  return { sql, cache, stored };
}

const rawText = (sql: SqlClient, id: string) => String(sql.value('SELECT content FROM contents WHERE id = ?', [id]));

describe('CachedContentStore', () => {
  it('serves repeated reads from memory, and the same text as SQLite', async () => {
    const { sql, cache } = await setup();
    cache.addContent('s1', doc('d1', 'a\nb\nc'), []);
    expect(cache.cachedCount).toBe(0);
    expect(cache.readLines('s1', 'd1', 2, 3).text).toBe('b\nc');
    expect(cache.cachedCount).toBe(1);
    // Prove the second read does not come from SQLite: change the row behind the cache's back.
    sql.run("UPDATE contents SET content = 'changed' WHERE id = 'd1'");
    expect(cache.getContent('s1', 'd1').content).toBe('a\nb\nc');
    expect(rawText(sql, 'd1')).toBe('changed');
  });

  it('reloads from SQLite after a restart: nothing uploaded is lost', async () => {
    const { sql, cache } = await setup();
    cache.addContent('s1', doc('d1', 'kept\nacross restarts'), []);
    const restarted = createSqliteRepositories(sql);
    expect(restarted.contentStore.readLines('s1', 'd1', 2, 2).text).toBe('across restarts');
    expect(restarted.contentStore.listContents('s1').map((c) => c.id)).toEqual(['d1']);
    expect(cache.cachedCount).toBe(0);
  });

  it("forgets deleted items and sessions, and never shows one session another's item", async () => {
    const { sql, cache } = await setup();
    createSession(createSqliteRepositories(sql), 's2');
    cache.addContent('s1', doc('d1', 'x'), []);
    cache.getContent('s1', 'd1');
    expectCode(() => cache.getContent('s2', 'd1'), 'NotFound');
    cache.deleteContent('s1', 'd1');
    expectCode(() => cache.getContent('s1', 'd1'), 'NotFound');
    cache.addContent('s1', doc('d2', 'y'), []);
    cache.getContent('s1', 'd2');
    cache.deleteBySession('s1');
    expect(cache.cachedCount).toBe(0);
    expectCode(() => cache.readLines('s1', 'd2', 1, 1), 'NotFound');
  });

  it('keeps within its budget, evicting the least recently used', async () => {
    const { cache, stored } = await setup(11);
    cache.addContent('s1', doc('a', '123456'), []);
    cache.addContent('s1', doc('b', '7890'), []);
    cache.addContent('s1', doc('c', 'abcde'), []);
    cache.getContent('s1', 'a');
    cache.getContent('s1', 'b');
    cache.getContent('s1', 'a');
    cache.getContent('s1', 'c'); // 6 + 4 + 5 > 11: b, the least recently used, goes
    expect(cache.cachedCount).toBe(2);
    // Which one went: a and c come from memory, only b is read from SQLite again.
    const reads = vi.spyOn(stored, 'getContent');
    expect(cache.getContent('s1', 'a').content).toBe('123456');
    expect(cache.getContent('s1', 'c').content).toBe('abcde');
    expect(reads).not.toHaveBeenCalled();
    expect(cache.getContent('s1', 'b').content).toBe('7890');
    expect(reads).toHaveBeenCalledTimes(1);
    expect(reads).toHaveBeenCalledWith('s1', 'b');
  });

  it('caches nothing read inside a transaction that may still roll back', async () => {
    const { sql, cache } = await setup();
    expect(() =>
      sql.transaction(() => {
        cache.addContent('s1', doc('tmp', 'uncommitted'), []);
        cache.getContent('s1', 'tmp');
        throw new Error('roll back');
      }),
    ).toThrow('roll back');
    expect(cache.cachedCount).toBe(0);
    expectCode(() => cache.getContent('s1', 'tmp'), 'NotFound');
  });

  it('keeps last_accessed_at current on cached reads', async () => {
    const { sql, cache } = await setup();
    cache.addContent('s1', doc('d1', 'x'), []);
    cache.getContent('s1', 'd1');
    sql.run("UPDATE contents SET last_accessed_at = 'long ago' WHERE id = 'd1'");
    const read = cache.getContent('s1', 'd1');
    expect(read.lastAccessedAt).not.toBe('long ago');
    expect(sql.value("SELECT last_accessed_at FROM contents WHERE id = 'd1'")).toBe(read.lastAccessedAt);
  });
});
