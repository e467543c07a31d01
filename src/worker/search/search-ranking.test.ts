import { beforeEach, describe, expect, it } from 'vitest';
import { makeMessage } from '../db/contract/fixtures';
import type { Repositories } from '../db/repositories';
import { createSqliteRepositories } from '../db/sqlite';
import type { SqlClient } from '../db/sqlite/sql-client';
import { openTestClient } from '../db/test-support';
import { ChangeFeed } from '../change-feed';
import { NoWorkspaceFolders } from '../sessions/workspace-folders';
import { COMMON_MATCHES } from './search-plan';
import { SearchService, type SearchHit } from './search-service';
import { indexWords } from './tokenize';

let sql: SqlClient;
let repos: Repositories;
let search: SearchService;

beforeEach(async () => {
  sql = await openTestClient();
  repos = createSqliteRepositories(sql, () => 1);
  for (const id of ['a', 'b', 'c']) repos.sessions.create({ id, name: id, assistantId: 'default', createdAt: 1 });
  search = new SearchService(sql, repos, new NoWorkspaceFolders(), new ChangeFeed());
});

const WORDS = 'harbor lantern meadow quartz ribbon saddle timber velvet walnut zephyr amber cobalt'.split(' ');

/** A deterministic corpus: messages of 3 to 30 words over a small vocabulary, dealt over three sessions. */
function seedCorpus(count: number): { id: string; sessionId: string; content: string }[] {
  let seed = 7;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const messages = Array.from({ length: count }, (_, i) => {
    const length = 3 + Math.floor(random() * 28);
    const words = Array.from({ length }, () => WORDS[Math.floor(random() * random() * WORDS.length)]);
    return { id: `m${i}`, sessionId: ['a', 'b', 'c'][i % 3], content: words.join(' ') };
  });
  repos.messages.insertMany(messages.map((m, i) => makeMessage({ ...m, createdAt: 1_000 + i })));
  return messages;
}

async function seedIndexed(count: number) {
  const messages = seedCorpus(count);
  await search.drain();
  return messages;
}

/**
 * BM25 as FTS5 computes it (fts5_aux.c), over the whole corpus, by hand: k1 1.2, b 0.75, idf
 * ln((N - n + 0.5) / (n + 0.5)) (1e-6 when not positive), f the word's occurrences in the row,
 * a row's length counting its three tags.
 */
function referenceScores(messages: { id: string; content: string }[], words: string[]): Map<string, number> {
  const rows = messages.map((m) => {
    const tokens = indexWords(m.content).split(' ');
    const tf = new Map<string, number>();
    for (const token of tokens) tf.set(token, (tf.get(token) ?? 0) + 1);
    return { id: m.id, terms: new Set(tokens), tf, length: tokens.length + 3 };
  });
  const lengths = rows.map((row) => row.length);
  const avgdl = lengths.reduce((a, b) => a + b, 0) / rows.length;
  const idf = (word: string) => {
    const n = rows.filter((row) => row.terms.has(word)).length;
    const value = Math.log((rows.length - n + 0.5) / (n + 0.5));
    return value > 0 ? value : 1e-6;
  };
  const scores = new Map<string, number>();
  rows.forEach((row, i) => {
    if (!words.every((word) => row.terms.has(word))) return;
    const norm = 1.2 * (1 - 0.75 + (0.75 * lengths[i]) / avgdl);
    scores.set(
      row.id,
      words.reduce((sum, word) => {
        const f = row.tf.get(word) ?? 0;
        return sum + (idf(word) * f * 2.2) / (f + norm);
      }, 0),
    );
  });
  return scores;
}

const messageIds = (hits: SearchHit[]) => hits.map((hit) => (hit.kind === 'message' ? hit.messageId : hit.chunkId));

describe('one BM25 over the whole corpus', () => {
  it('ranks the top hits of a global query as BM25 over the full corpus does', async () => {
    const messages = await seedIndexed(600);
    for (const words of [['zephyr'], ['cobalt', 'amber'], ['walnut']]) {
      const reference = [...referenceScores(messages, words)].sort((x, y) => y[1] - x[1]);
      const { hits, order } = await search.query({ text: words.join(' '), limit: 20 });
      expect(order).toBe('relevance');
      expect(hits.length).toBe(Math.min(20, reference.length));
      hits.forEach((hit, i) => {
        expect(hit.score).toBeCloseTo(reference[i][1], 6);
        const id = messageIds([hit])[0];
        expect(hit.score).toBeCloseTo(referenceScores(messages, words).get(id) ?? NaN, 6);
      });
    }
  });

  it('gives a message the same score and order in its own session as in all of them', async () => {
    await seedIndexed(600);
    const all = (await search.query({ text: 'zephyr', limit: 200 })).hits;
    const own = (await search.query({ text: 'zephyr', sessionId: 'b', limit: 200 })).hits;
    const inB = all.filter((hit) => hit.sessionId === 'b');
    expect(own.length).toBeGreaterThan(5);
    expect(messageIds(own)).toEqual(messageIds(inB));
    own.forEach((hit, i) => expect(hit.score).toBeCloseTo(inB[i].score, 9));
  });
});

describe('words most rows hold', () => {
  beforeEach(() => {
    const many = Array.from({ length: COMMON_MATCHES + 100 }, (_, i) =>
      makeMessage({
        id: `c${i}`,
        sessionId: ['a', 'b'][i % 2],
        content: `the weather ${i % 50 === 0 ? 'lighthouse' : 'today'}`,
        createdAt: 10_000 + i,
      }),
    );
    repos.messages.insertMany(many);
  });

  it('come newest first, said so, when every word of the query is that common', async () => {
    await search.drain();
    const { hits, order } = await search.query({ text: 'the weather', limit: 10 });
    expect(order).toBe('newest');
    expect(messageIds(hits)).toEqual(Array.from({ length: 10 }, (_, i) => `c${COMMON_MATCHES + 99 - i}`));
    const one = await search.query({ text: 'weather', sessionId: 'a', limit: 3 });
    expect(messageIds(one.hits)).toEqual([`c${COMMON_MATCHES + 98}`, `c${COMMON_MATCHES + 96}`, `c${COMMON_MATCHES + 94}`]);
  });

  it('only have to match when the query also has a selective word, which ranks', async () => {
    await search.drain();
    repos.messages.insert(makeMessage({ id: 'alone', sessionId: 'c', content: 'lighthouse keeper', createdAt: 99_999 }));
    const { hits, order } = await search.query({ text: 'weather lighthouse', limit: 200 });
    expect(order).toBe('relevance');
    expect(hits).toHaveLength(Math.ceil((COMMON_MATCHES + 100) / 50));
    expect(messageIds(hits)).not.toContain('alone');
    expect(messageIds((await search.query({ text: 'lighthouse', limit: 200 })).hits)).toContain('alone');
  });
});

describe('noise', () => {
  it('an assistant turn that only calls a tool is no hit; what the tool answered is', async () => {
    const call = {
      id: 'call-1',
      type: 'function' as const,
      function: { name: 'keyword_search', arguments: '{"query":"invoice totals"}' },
    };
    repos.messages.insert(makeMessage({ id: 'ask', sessionId: 'a', content: 'find the invoice totals', createdAt: 1 }));
    repos.messages.insert(
      makeMessage({ id: 'call', sessionId: 'a', role: 'assistant', content: '', toolCalls: [call], createdAt: 2 }),
    );
    const output = JSON.stringify({ hits: [{ text: 'Invoice totals: 1,200 EUR' }] });
    repos.messages.insert(
      makeMessage({ id: 'out', sessionId: 'a', role: 'tool', content: output, toolCallId: 'call-1', createdAt: 3 }),
    );
    expect(messageIds((await search.query({ text: 'invoice totals' })).hits).sort()).toEqual(['ask', 'out']);
  });
});
