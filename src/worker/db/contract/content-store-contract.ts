import { beforeEach, describe, expect, it } from 'vitest';
import type { Repositories } from '../repositories';
import type { NewChunk, NewContent } from '../../../shared/entities';
import { createSession, expectCode, testClock, type RepositoryFactory, type TestClock } from './fixtures';

const TEXT = 'line one\nline two\r\nline three\nline four\nline five\n';

function doc(id: string, content = TEXT): NewContent {
  return { id, filename: `${id}.md`, mimeType: 'text/markdown', size: content.length, content };
}

function chunksFor(id: string): NewChunk[] {
  return [
    { id: `${id}-1`, text: 'line one\nline two\nline three', startLine: 1, endLine: 3, page: null, sheet: null },
    { id: `${id}-2`, text: 'line four\nline five', startLine: 4, endLine: 5, page: 2, sheet: 'Sheet1' },
  ];
}

export function contentStoreContract(factory: RepositoryFactory): void {
  let repos: Repositories;
  let clock: TestClock;

  beforeEach(async () => {
    clock = testClock();
    repos = await factory(clock);
    createSession(repos, 's1');
    createSession(repos, 's2');
  });

  it('creates a store once; creating it again returns the same store', () => {
    const first = repos.contentStore.createStore('s1', { name: 'Docs' });
    clock.advance(1000);
    expect(repos.contentStore.createStore('s1', { name: 'Other' })).toEqual(first);
    expect(first).toMatchObject({ sessionId: 's1', name: 'Docs', createdAt: new Date(clock.now() - 1000).toISOString() });
    expectCode(() => repos.contentStore.createStore('ghost'), 'NotFound');
  });

  it('adds an item with its chunks and computes the derived fields', () => {
    const summary = repos.contentStore.addContent('s1', doc('d1'), chunksFor('d1'));
    expect(summary).toMatchObject({
      id: 'd1',
      sessionId: 's1',
      filename: 'd1.md',
      mimeType: 'text/markdown',
      size: TEXT.length,
      lineCount: 5,
      chunkCount: 2,
      uploadedAt: new Date(clock.now()).toISOString(),
    });
    expect(summary.preview).toContain('line one');
    expect(repos.contentStore.getStore('s1')).not.toBeNull();
    expect(repos.contentStore.listContents('s1')).toEqual([summary]);
    expect(repos.contentStore.getContent('s1', 'd1').content).toBe(TEXT);
    const chunks = repos.contentStore.listChunks('s1', 'd1');
    expect(chunks.map((c) => [c.chunkIndex, c.startLine, c.endLine, c.page, c.sheet])).toEqual([
      [0, 1, 3, null, null],
      [1, 4, 5, 2, 'Sheet1'],
    ]);
  });

  it('writes nothing when a chunk is invalid', () => {
    const bad = chunksFor('d1');
    bad[1] = { ...bad[1], endLine: 6 };
    expectCode(() => repos.contentStore.addContent('s1', doc('d1'), bad), 'InvalidInput');
    const backwards = chunksFor('d1');
    backwards[0] = { ...backwards[0], startLine: 3, endLine: 2 };
    expectCode(() => repos.contentStore.addContent('s1', doc('d1'), backwards), 'InvalidInput');
    const repeated = chunksFor('d1');
    repeated[1] = { ...repeated[1], id: repeated[0].id };
    expectCode(() => repos.contentStore.addContent('s1', doc('d1'), repeated), 'InvalidInput');
    expect(repos.contentStore.listContents('s1')).toEqual([]);
    expect(repos.contentStore.getStore('s1')).toBeNull();
  });

  it('writes nothing when the database refuses a chunk, and keeps what was there', () => {
    repos.contentStore.addContent('s1', doc('d1'), chunksFor('d1'));
    const clash = chunksFor('d2');
    clash[1] = { ...clash[1], id: 'd1-1' };
    expectCode(() => repos.contentStore.addContent('s1', doc('d2'), clash), 'InvalidInput');
    expect(repos.contentStore.listContents('s1').map((c) => c.id)).toEqual(['d1']);
    expect(repos.contentStore.listChunks('s1', 'd1')).toHaveLength(2);
    expectCode(() => repos.contentStore.addContent('s1', doc('d1'), []), 'InvalidInput');
  });

  describe('reading line ranges (1-based, inclusive)', () => {
    beforeEach(() => repos.contentStore.addContent('s1', doc('d1'), chunksFor('d1')));

    it('reads the first line, a middle range, the last line and clamps past the end', () => {
      expect(repos.contentStore.readLines('s1', 'd1', 1, 1)).toMatchObject({
        text: 'line one',
        fromLine: 1,
        toLine: 1,
        totalLines: 5,
      });
      expect(repos.contentStore.readLines('s1', 'd1', 2, 3).text).toBe('line two\nline three');
      expect(repos.contentStore.readLines('s1', 'd1', 5, 5).text).toBe('line five');
      expect(repos.contentStore.readLines('s1', 'd1', 4, 999)).toMatchObject({ text: 'line four\nline five', toLine: 5 });
    });

    it('reads exactly the text of each chunk by its line range', () => {
      for (const chunk of repos.contentStore.listChunks('s1', 'd1')) {
        expect(repos.contentStore.readLines('s1', 'd1', chunk.startLine, chunk.endLine).text).toBe(chunk.text);
      }
    });

    it.each([
      ['line 0', 0, 1],
      ['a range that ends before it starts', 3, 2],
      ['a start past the end', 6, 7],
      ['a fractional line', 1.5, 2],
    ])('rejects %s with InvalidInput', (_name, from, to) => {
      expectCode(() => repos.contentStore.readLines('s1', 'd1', from, to), 'InvalidInput');
    });

    it('updates last_accessed_at on reads', () => {
      clock.advance(5000);
      repos.contentStore.readLines('s1', 'd1', 1, 1);
      expect(repos.contentStore.listContents('s1')[0].lastAccessedAt).toBe(new Date(clock.now()).toISOString());
    });

    it("never reads another session's content", () => {
      expectCode(() => repos.contentStore.readLines('s2', 'd1', 1, 1), 'NotFound');
      expectCode(() => repos.contentStore.getContent('s2', 'd1'), 'NotFound');
      expectCode(() => repos.contentStore.deleteContent('s2', 'd1'), 'NotFound');
      expect(repos.contentStore.listContents('s2')).toEqual([]);
    });
  });

  it('keeps an empty file and refuses to read lines of it', () => {
    repos.contentStore.addContent('s1', doc('empty', ''), []);
    expect(repos.contentStore.listContents('s1')[0]).toMatchObject({ lineCount: 0, chunkCount: 0 });
    expectCode(() => repos.contentStore.readLines('s1', 'empty', 1, 1), 'InvalidInput');
  });

  it('lists with offset and limit in upload order', () => {
    for (const id of ['a', 'b', 'c']) repos.contentStore.addContent('s1', doc(id), []);
    expect(repos.contentStore.listContents('s1', { offset: 1, limit: 5 }).map((c) => c.id)).toEqual(['b', 'c']);
    expect(repos.contentStore.listContents('s1', { limit: 1 }).map((c) => c.id)).toEqual(['a']);
    expectCode(() => repos.contentStore.listContents('s1', { limit: 0 }), 'InvalidInput');
  });

  it('deletes one item with its chunks', () => {
    repos.contentStore.addContent('s1', doc('d1'), chunksFor('d1'));
    repos.contentStore.addContent('s1', doc('d2'), chunksFor('d2'));
    repos.contentStore.deleteContent('s1', 'd1');
    expect(repos.contentStore.listContents('s1').map((c) => c.id)).toEqual(['d2']);
    expectCode(() => repos.contentStore.listChunks('s1', 'd1'), 'NotFound');
    // The chunk ids of the deleted item are free again: nothing of it was left behind.
    repos.contentStore.addContent('s1', doc('d3'), chunksFor('d1'));
    expect(repos.contentStore.listChunks('s1', 'd3')).toHaveLength(2);
  });

  it("deletes a session's whole store and leaves other sessions alone", () => {
    repos.contentStore.addContent('s1', doc('d1'), chunksFor('d1'));
    repos.contentStore.addContent('s2', doc('d2'), chunksFor('d2'));
    repos.contentStore.deleteBySession('s1');
    expect(repos.contentStore.getStore('s1')).toBeNull();
    expect(repos.contentStore.listContents('s1')).toEqual([]);
    repos.contentStore.addContent('s1', doc('d1'), chunksFor('d1'));
    expect(repos.contentStore.listChunks('s2', 'd2')).toHaveLength(2);
  });
}
