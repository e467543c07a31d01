import { beforeEach, describe, expect, it } from 'vitest';
import { CURRENT_INDEX_VERSION, type Repositories } from '../repositories';
import {
  createSession,
  expectCode,
  makeHistory,
  makeMessage,
  testClock,
  type RepositoryFactory,
  type TestClock,
} from './fixtures';

export function messageContract(factory: RepositoryFactory): void {
  let repos: Repositories;
  let clock: TestClock;

  beforeEach(async () => {
    clock = testClock();
    repos = await factory(clock);
    createSession(repos, 's1');
    createSession(repos, 's2');
  });

  describe('get_page', () => {
    beforeEach(() => repos.messages.insertMany(makeHistory('s1', 7)));

    it('returns 1-based pages in created_at order with totals and flags', () => {
      const first = repos.messages.getPage('s1', 1, 3);
      expect(first.items.map((m) => m.id)).toEqual(['m001', 'm002', 'm003']);
      expect(first).toMatchObject({ page: 1, pageSize: 3, totalItems: 7, hasNext: true, hasPrev: false });

      const middle = repos.messages.getPage('s1', 2, 3);
      expect(middle.items.map((m) => m.id)).toEqual(['m004', 'm005', 'm006']);
      expect(middle).toMatchObject({ hasNext: true, hasPrev: true });

      const last = repos.messages.getPage('s1', 3, 3);
      expect(last.items.map((m) => m.id)).toEqual(['m007']);
      expect(last).toMatchObject({ hasNext: false, hasPrev: true });
    });

    it('has no next page when the last page is exactly full', () => {
      const page = repos.messages.getPage('s1', 1, 7);
      expect(page.items).toHaveLength(7);
      expect(page.hasNext).toBe(false);
    });

    it('returns an empty page past the end, and for an unknown session', () => {
      expect(repos.messages.getPage('s1', 9, 3)).toMatchObject({ items: [], totalItems: 7, hasNext: false, hasPrev: true });
      expect(repos.messages.getPage('nobody', 1, 3)).toMatchObject({ items: [], totalItems: 0, hasNext: false });
    });

    it('orders equal timestamps by insertion', () => {
      repos.messages.insertMany([
        makeMessage({ id: 'z', sessionId: 's2', createdAt: 5 }),
        makeMessage({ id: 'a', sessionId: 's2', createdAt: 5 }),
        makeMessage({ id: 'm', sessionId: 's2', createdAt: 4 }),
      ]);
      expect(repos.messages.getPage('s2', 1, 10).items.map((m) => m.id)).toEqual(['m', 'z', 'a']);
    });

    it.each([
      ['page 0', 0, 10],
      ['a negative page', -1, 10],
      ['a fractional page', 1.5, 10],
      ['page_size 0', 1, 0],
      ['a negative page_size', 1, -5],
      ['a huge page_size', 1, 1_000_000],
      ['a page_size that is not a number', 1, '10'],
      ['a page so large the offset overflows', Number.MAX_SAFE_INTEGER, 500],
    ])('rejects %s with InvalidInput', (_name, page, size) => {
      expectCode(() => repos.messages.getPage('s1', page as number, size as number), 'InvalidInput');
    });

    it('rejects an empty session_id with InvalidInput', () => {
      expectCode(() => repos.messages.getPage('', 1, 10), 'InvalidInput');
    });
  });

  describe('keyset pagination', () => {
    beforeEach(() => repos.messages.insertMany(makeHistory('s1', 10)));

    it('walks from the newest message back to the oldest', () => {
      const newest = repos.messages.listBefore('s1', null, 4);
      expect(newest.items.map((m) => m.id)).toEqual(['m007', 'm008', 'm009', 'm010']);
      expect(newest.hasMore).toBe(true);
      const older = repos.messages.listBefore('s1', 'm007', 4);
      expect(older.items.map((m) => m.id)).toEqual(['m003', 'm004', 'm005', 'm006']);
      const oldest = repos.messages.listBefore('s1', 'm003', 4);
      expect(oldest.items.map((m) => m.id)).toEqual(['m001', 'm002']);
      expect(oldest.hasMore).toBe(false);
    });

    it('walks forward from a message', () => {
      const after = repos.messages.listAfter('s1', 'm008', 4);
      expect(after.items.map((m) => m.id)).toEqual(['m009', 'm010']);
      expect(after.hasMore).toBe(false);
      expect(repos.messages.listAfter('s1', null, 2).items.map((m) => m.id)).toEqual(['m001', 'm002']);
      expect(repos.messages.listAfter('s1', null, 2).hasMore).toBe(true);
    });

    it('is exact when the slice ends on the first message', () => {
      const slice = repos.messages.listBefore('s1', 'm005', 4);
      expect(slice.items.map((m) => m.id)).toEqual(['m001', 'm002', 'm003', 'm004']);
      expect(slice.hasMore).toBe(false);
    });

    it('pages through messages that share one timestamp without skipping or repeating any', () => {
      const sameTime = makeHistory('s2', 7, 't').map((m) => ({ ...m, createdAt: 42 }));
      repos.messages.insertMany(sameTime);
      const seen: string[] = [];
      let slice = repos.messages.listBefore('s2', null, 3);
      seen.unshift(...slice.items.map((m) => m.id));
      while (slice.hasMore) {
        slice = repos.messages.listBefore('s2', seen[0], 3);
        seen.unshift(...slice.items.map((m) => m.id));
      }
      expect(seen).toEqual(sameTime.map((m) => m.id));
      expect(repos.messages.listAfter('s2', 't003', 2).items.map((m) => m.id)).toEqual(['t004', 't005']);
    });

    it('refuses an anchor from another session and bad limits', () => {
      repos.messages.insert(makeMessage({ id: 'other', sessionId: 's2' }));
      expectCode(() => repos.messages.listBefore('s1', 'other', 5), 'NotFound');
      expectCode(() => repos.messages.listBefore('s1', null, 0), 'InvalidInput');
      expectCode(() => repos.messages.listAfter('s1', null, 501), 'InvalidInput');
    });
  });

  describe('insert (upsert)', () => {
    it('keeps created_at and replaces every other field', () => {
      repos.messages.insert(
        makeMessage({ id: 'a', sessionId: 's1', createdAt: 100, updatedAt: 100, isStreaming: true, content: 'Hel' }),
      );
      repos.messages.insert(
        makeMessage({
          id: 'a',
          sessionId: 's1',
          role: 'assistant',
          content: 'Hello, world',
          createdAt: 999,
          updatedAt: 200,
          isStreaming: false,
          thinking: 'because',
          thinkingSignature: 'sig',
          toolCalls: [{ id: 'c1', type: 'function', function: { name: 'list_content', arguments: '{}' } }],
          attachments: [{ contentId: 'k1', filename: 'a.pdf' }],
          toolUse: { steps: 1 },
          assistantId: 'default',
          source: 'test',
          error: 'oops',
          toolCallId: 'c0',
        }),
      );
      expect(repos.messages.get('a')).toEqual(
        makeMessage({
          id: 'a',
          sessionId: 's1',
          role: 'assistant',
          content: 'Hello, world',
          createdAt: 100,
          updatedAt: 200,
          isStreaming: false,
          thinking: 'because',
          thinkingSignature: 'sig',
          toolCalls: [{ id: 'c1', type: 'function', function: { name: 'list_content', arguments: '{}' } }],
          attachments: [{ contentId: 'k1', filename: 'a.pdf' }],
          toolUse: { steps: 1 },
          assistantId: 'default',
          source: 'test',
          error: 'oops',
          toolCallId: 'c0',
        }),
      );
      expect(repos.messages.countBySession('s1')).toBe(1);
    });

    it('stores text exactly, including quotes, NUL, emoji and right-to-left marks', () => {
      const content = "'); DROP TABLE messages; --\u0000 😀 \u202Eevil\u200B 안녕하세요";
      repos.messages.insert(makeMessage({ id: 'x', sessionId: 's1', content }));
      expect(repos.messages.get('x').content).toBe(content);
    });

    it('lists the messages still marked as streaming, in every session', () => {
      repos.messages.insert(makeMessage({ id: 'done', sessionId: 's1' }));
      repos.messages.insert(makeMessage({ id: 'live', sessionId: 's1', isStreaming: true, createdAt: 5 }));
      repos.messages.insert(makeMessage({ id: 'other', sessionId: 's2', isStreaming: true, createdAt: 3 }));
      expect(repos.messages.listStreaming().map((m) => m.id)).toEqual(['other', 'live']);
      repos.messages.insert(makeMessage({ id: 'live', sessionId: 's1', isStreaming: false }));
      expect(repos.messages.listStreaming().map((m) => m.id)).toEqual(['other']);
    });

    it('refuses to move a message to another session', () => {
      repos.messages.insert(makeMessage({ id: 'a', sessionId: 's1' }));
      expectCode(() => repos.messages.insert(makeMessage({ id: 'a', sessionId: 's2' })), 'InvalidInput');
      expect(repos.messages.get('a').sessionId).toBe('s1');
    });

    it('refuses a message of a session that does not exist', () => {
      expectCode(() => repos.messages.insert(makeMessage({ id: 'a', sessionId: 'ghost' })), 'NotFound');
    });

    it.each([
      ['an empty session_id', { sessionId: '' }],
      ['an empty id', { id: '' }],
      ['an unknown role', { role: 'robot' }],
      ['content that is not text', { content: 42 }],
      ['a negative created_at', { createdAt: -1 }],
      ['a fractional updated_at', { updatedAt: 1.5 }],
      ['malformed tool calls', { toolCalls: [{ id: 1 }] }],
      ['malformed attachments', { attachments: 'a.pdf' }],
      ['a function in tool_use', { toolUse: { f: () => 1 } }],
      ['an id longer than 128 characters', { id: 'x'.repeat(129) }],
    ])('rejects %s with InvalidInput and writes nothing', (_name, bad) => {
      expectCode(
        () => repos.messages.insert({ ...makeMessage({ id: 'ok', sessionId: 's1' }), ...(bad as object) }),
        'InvalidInput',
      );
      expect(repos.messages.countBySession('s1')).toBe(0);
    });

    it('bumps the session to the top of the list', () => {
      clock.advance(10);
      createSession(repos, 's3', clock.now());
      expect(repos.sessions.list()[0].id).toBe('s3');
      repos.messages.insert(makeMessage({ id: 'new', sessionId: 's1', createdAt: clock.advance(10) }));
      expect(repos.sessions.list().map((s) => s.id)).toEqual(['s1', 's3', 's2']);
    });
  });

  describe('insert_many', () => {
    it('inserts a batch', () => {
      repos.messages.insertMany([...makeHistory('s1', 5), ...makeHistory('s2', 3, 'n')]);
      expect(repos.messages.countBySession('s1')).toBe(5);
      expect(repos.messages.countBySession('s2')).toBe(3);
    });

    it('accepts an empty batch', () => {
      repos.messages.insertMany([]);
      expect(repos.messages.countBySession('s1')).toBe(0);
    });

    it('leaves zero rows when one message is invalid', () => {
      const batch = makeHistory('s1', 5);
      batch[3] = { ...batch[3], sessionId: '' };
      expectCode(() => repos.messages.insertMany(batch), 'InvalidInput');
      expect(repos.messages.countBySession('s1')).toBe(0);
    });

    it('rolls back every row when the database refuses one in the middle', () => {
      repos.messages.insert(makeMessage({ id: 'keep', sessionId: 's1', content: 'before' }));
      const batch = [
        makeMessage({ id: 'keep', sessionId: 's1', content: 'changed' }),
        ...makeHistory('s1', 3),
        makeMessage({ id: 'orphan', sessionId: 'no-such-session' }),
        ...makeHistory('s2', 3, 'n'),
      ];
      expectCode(() => repos.messages.insertMany(batch), 'NotFound');
      expect(repos.messages.countBySession('s1')).toBe(1);
      expect(repos.messages.get('keep').content).toBe('before');
      expect(repos.messages.countBySession('s2')).toBe(0);
    });

    it('rejects something that is not a list', () => {
      expectCode(() => repos.messages.insertMany('nope' as never), 'InvalidInput');
    });
  });

  describe('deletion', () => {
    beforeEach(() => repos.messages.insertMany([...makeHistory('s1', 4), ...makeHistory('s2', 2, 'n')]));

    it('deletes one message by id', () => {
      repos.messages.deleteById('m002');
      expect(repos.messages.getPage('s1', 1, 10).items.map((m) => m.id)).toEqual(['m001', 'm003', 'm004']);
      expectCode(() => repos.messages.get('m002'), 'NotFound');
    });

    it('reports an unknown id as NotFound', () => {
      expectCode(() => repos.messages.deleteById('nope'), 'NotFound');
      expectCode(() => repos.messages.deleteById(''), 'InvalidInput');
    });

    it('deletes a whole session and nothing else', () => {
      expect(repos.messages.deleteBySession('s1')).toBe(4);
      expect(repos.messages.countBySession('s1')).toBe(0);
      expect(repos.messages.countBySession('s2')).toBe(2);
      expect(repos.messages.deleteBySession('s1')).toBe(0);
    });
  });

  describe('index metadata', () => {
    const indexed = (docCount: number) => ({ indexPath: 'search/s1.json', docCount, rebuildDurationMs: 12 });

    it('is clean for a session with no messages, and never indexed', () => {
      expect(repos.messages.isIndexDirty('s1')).toBe(false);
      expect(repos.messages.getLastIndexedAt('s1')).toBe(0);
      expect(repos.messages.getIndexMeta('s1')).toBeNull();
    });

    it('is dirty after a new message and clean after an index update', () => {
      repos.messages.insert(makeMessage({ id: 'a', sessionId: 's1' }));
      expect(repos.messages.isIndexDirty('s1')).toBe(true);
      clock.advance(50);
      repos.messages.updateIndexMeta('s1', indexed(1));
      expect(repos.messages.isIndexDirty('s1')).toBe(false);
      expect(repos.messages.getLastIndexedAt('s1')).toBe(clock.now());
      expect(repos.messages.getIndexMeta('s1')).toMatchObject({
        indexPath: 'search/s1.json',
        docCount: 1,
        indexVersion: CURRENT_INDEX_VERSION,
        lastRebuildDurationMs: 12,
      });
      expect(repos.messages.isIndexDirty('s2')).toBe(false);
    });

    it('is dirty after an edit, even in the same millisecond as the index update', () => {
      repos.messages.insert(makeMessage({ id: 'a', sessionId: 's1' }));
      repos.messages.updateIndexMeta('s1', indexed(1));
      repos.messages.insert(makeMessage({ id: 'a', sessionId: 's1', content: 'edited' }));
      expect(repos.messages.isIndexDirty('s1')).toBe(true);
    });

    it('is dirty after a deletion, by id or by session', () => {
      repos.messages.insertMany(makeHistory('s1', 2));
      repos.messages.updateIndexMeta('s1', indexed(2));
      repos.messages.deleteById('m001');
      expect(repos.messages.isIndexDirty('s1')).toBe(true);
      repos.messages.updateIndexMeta('s1', indexed(1));
      repos.messages.deleteBySession('s1');
      expect(repos.messages.isIndexDirty('s1')).toBe(true);
    });

    it('stays dirty for writes made after the state an index was built from', () => {
      repos.messages.insert(makeMessage({ id: 'a', sessionId: 's1' }));
      const seenWhenBuildStarted = repos.messages.getIndexMeta('s1')!.changeSeq;
      repos.messages.insert(makeMessage({ id: 'b', sessionId: 's1' }));
      repos.messages.updateIndexMeta('s1', { ...indexed(1), asOfChangeSeq: seenWhenBuildStarted });
      expect(repos.messages.isIndexDirty('s1')).toBe(true);
    });

    it('is dirty when messages exist but their metadata was deleted', () => {
      repos.messages.insert(makeMessage({ id: 'a', sessionId: 's1' }));
      repos.messages.updateIndexMeta('s1', indexed(1));
      repos.sessions.deleteIndexMetadata('s1');
      expect(repos.messages.isIndexDirty('s1')).toBe(true);
    });

    it('validates its input', () => {
      expectCode(() => repos.messages.updateIndexMeta('ghost', indexed(1)), 'NotFound');
      expectCode(() => repos.messages.updateIndexMeta('s1', { ...indexed(1), docCount: -1 }), 'InvalidInput');
      expectCode(() => repos.messages.updateIndexMeta('s1', undefined as never), 'InvalidInput');
      expectCode(() => repos.messages.updateIndexMeta('s1', { ...indexed(0), asOfChangeSeq: 99 }), 'InvalidInput');
    });
  });
}
