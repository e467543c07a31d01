import { describe, expect, it } from 'vitest';
import { ChunkIndex, type ChunkDocument } from './chunk-index';

const doc = (id: string, sessionText: string, contentId = 'c1'): ChunkDocument => ({
  id,
  contentId,
  filename: `${contentId}.md`,
  text: sessionText,
  startLine: 1,
  endLine: 3,
});

describe('ChunkIndex', () => {
  const corpus: Record<string, ChunkDocument[]> = {
    s1: [
      doc('a', 'The quarterly revenue grew by ten percent'),
      doc('b', '안녕하세요, 반갑습니다'),
      doc('c', 'Le café est fermé le lundi'),
    ],
    s2: [doc('z', 'revenue of another session', 'c9')],
  };
  let loads = 0;
  const index = new ChunkIndex((sessionId) => {
    loads++;
    return corpus[sessionId] ?? [];
  });

  it('ranks by BM25 within one session only', () => {
    const hits = index.search('s1', 'revenue', 10);
    expect(hits.map((hit) => hit.chunkId)).toEqual(['a']);
    expect(hits[0]).toMatchObject({ contentId: 'c1', startLine: 1, endLine: 3 });
    expect(hits[0].score).toBeGreaterThan(0);
  });

  it('finds by prefix, with typos, across accents and in Korean', () => {
    expect(index.search('s1', 'quarter', 5).map((h) => h.chunkId)).toEqual(['a']);
    expect(index.search('s1', 'revenu', 5).map((h) => h.chunkId)).toContain('a');
    expect(index.search('s1', 'revnue', 5).map((h) => h.chunkId)).toContain('a');
    expect(index.search('s1', 'cafe ferme', 5).map((h) => h.chunkId)).toEqual(['c']);
    expect(index.search('s1', '안녕', 5).map((h) => h.chunkId)).toEqual(['b']);
  });

  it('is rebuilt from the source after invalidation, not before', () => {
    const before = loads;
    index.search('s1', 'revenue', 1);
    expect(loads).toBe(before);
    corpus.s1 = [doc('n', 'brand new text')];
    index.invalidate('s1');
    expect(index.search('s1', 'brand', 5).map((h) => h.chunkId)).toEqual(['n']);
    expect(index.search('s1', 'revenue', 5)).toEqual([]);
  });
});
