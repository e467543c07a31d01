/**
 * Model-based property tests: random sequences of writes and reads run on the SQLite repositories
 * (the sqlite-wasm engine the browser runs) and on their in-memory twins, which serve as the model.
 * After every step both must agree: the same result, or the same error code, and the same state.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeMessage, testClock } from './contract/fixtures';
import { createMemoryRepositories } from './memory';
import type { Repositories } from './repositories';
import { createSqliteRepositories } from './sqlite';
import { openTestClient } from './test-support';
import type { Message, NewChunk } from '../../shared/entities';

const SESSIONS = ['s1', 's2', 's3'];
/** A session id that is never created: writes to it must fail the same way in both. */
const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const MESSAGE_IDS = ids('m', 12);
const CONTENT_IDS = ids('c', 4);

const sessionId = fc.constantFrom(...SESSIONS, 'ghost');
const messageId = fc.constantFrom(...MESSAGE_IDS);
/** Text with everything hostile a string can hold: NUL, RTL marks, lone surrogates, emoji. */
const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', '\0', 'a\0b', '\u202eevil', '\u200b', '\ud800', 'x\udfffy', "'; DROP TABLE messages; --", '😀'),
);
/** Few distinct times, so equal created_at (the insertion-order tie-break) is common. */
const time = fc.integer({ min: 0, max: 5 }).map((n) => n * 1000);

const message: fc.Arbitrary<Message> = fc
  .record({
    id: messageId,
    sessionId,
    role: fc.constantFrom('user', 'assistant', 'system', 'tool') as fc.Arbitrary<Message['role']>,
    content: text,
    isStreaming: fc.boolean(),
    thinking: fc.option(text, { nil: null }),
    createdAt: time,
    updatedAt: time,
    error: fc.option(text, { nil: null }),
  })
  .map((fields) => makeMessage(fields));

type Step =
  | { op: 'insert'; message: Message }
  | { op: 'insertMany'; messages: Message[] }
  | { op: 'deleteById'; id: string }
  | { op: 'deleteBySession'; sessionId: string }
  | { op: 'deleteSession'; sessionId: string }
  | { op: 'getPage'; sessionId: string; page: number; pageSize: number }
  | { op: 'listBefore' | 'listAfter'; sessionId: string; anchor: string | null; limit: number }
  | { op: 'count'; sessionId: string }
  | { op: 'get'; id: string }
  | { op: 'addContent'; sessionId: string; id: string; content: string; chunked: boolean }
  | { op: 'deleteContent'; sessionId: string; id: string }
  | { op: 'readLines'; sessionId: string; id: string; from: number; to: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: message.map((m) => ({ op: 'insert', message: m }) as const) },
  {
    weight: 3,
    arbitrary: fc.array(message, { maxLength: 6 }).map((messages) => ({ op: 'insertMany', messages }) as const),
  },
  { weight: 2, arbitrary: messageId.map((id) => ({ op: 'deleteById', id }) as const) },
  { weight: 1, arbitrary: sessionId.map((s) => ({ op: 'deleteBySession', sessionId: s }) as const) },
  { weight: 1, arbitrary: sessionId.map((s) => ({ op: 'deleteSession', sessionId: s }) as const) },
  {
    weight: 3,
    arbitrary: fc
      .record({ sessionId, page: fc.integer({ min: 0, max: 4 }), pageSize: fc.integer({ min: 0, max: 5 }) })
      .map((args) => ({ op: 'getPage', ...args }) as const),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({
        op: fc.constantFrom('listBefore', 'listAfter') as fc.Arbitrary<'listBefore' | 'listAfter'>,
        sessionId,
        anchor: fc.option(messageId, { nil: null }),
        limit: fc.integer({ min: 0, max: 5 }),
      })
      .map((args) => args as Step),
  },
  { weight: 1, arbitrary: sessionId.map((s) => ({ op: 'count', sessionId: s }) as const) },
  { weight: 1, arbitrary: messageId.map((id) => ({ op: 'get', id }) as const) },
  {
    weight: 2,
    arbitrary: fc
      .record({ sessionId, id: fc.constantFrom(...CONTENT_IDS), content: text, chunked: fc.boolean() })
      .map((args) => ({ op: 'addContent', ...args }) as const),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ sessionId, id: fc.constantFrom(...CONTENT_IDS) })
      .map((args) => ({ op: 'deleteContent', ...args }) as const),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        sessionId,
        id: fc.constantFrom(...CONTENT_IDS),
        from: fc.integer({ min: 0, max: 3 }),
        to: fc.integer({ min: 0, max: 3 }),
      })
      .map((args) => ({ op: 'readLines', ...args }) as const),
  },
);

function apply(repos: Repositories, s: Step): unknown {
  switch (s.op) {
    case 'insert':
      return repos.messages.insert(s.message);
    case 'insertMany':
      return repos.messages.insertMany(s.messages);
    case 'deleteById':
      return repos.messages.deleteById(s.id);
    case 'deleteBySession':
      return repos.messages.deleteBySession(s.sessionId);
    case 'deleteSession':
      return repos.sessions.delete(s.sessionId);
    case 'getPage':
      return repos.messages.getPage(s.sessionId, s.page, s.pageSize);
    case 'listBefore':
      return repos.messages.listBefore(s.sessionId, s.anchor, s.limit);
    case 'listAfter':
      return repos.messages.listAfter(s.sessionId, s.anchor, s.limit);
    case 'count':
      return repos.messages.countBySession(s.sessionId);
    case 'get':
      return repos.messages.get(s.id);
    case 'addContent': {
      const chunks: NewChunk[] = s.chunked
        ? [{ id: `${s.id}-k`, text: s.content, startLine: 1, endLine: 1, page: null, sheet: null }]
        : [];
      const doc = { id: s.id, filename: `${s.id}.txt`, mimeType: 'text/plain', size: s.content.length, content: s.content };
      return repos.contentStore.addContent(s.sessionId, doc, chunks);
    }
    case 'deleteContent':
      return repos.contentStore.deleteContent(s.sessionId, s.id);
    case 'readLines':
      return repos.contentStore.readLines(s.sessionId, s.id, s.from, s.to);
  }
}

/** The result of a call, or the code of the error it threw (a thrown non-AppError is a failure). */
function outcome(repos: Repositories, s: Step): { value?: unknown; code?: string } {
  try {
    return { value: apply(repos, s) ?? null };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string') throw error;
    return { code };
  }
}

/** Everything observable about the state, read through the repositories. */
function snapshot(repos: Repositories) {
  return {
    sessions: repos.sessions.list({ limit: 100 }),
    messages: SESSIONS.map((s) => repos.messages.getPage(s, 1, 500).items),
    dirty: SESSIONS.map((s) =>
      repos.sessions.list({ limit: 100 }).some((x) => x.id === s) ? repos.messages.isIndexDirty(s) : null,
    ),
    streaming: repos.messages.listStreaming(),
    contents: SESSIONS.map((s) => ({
      items: repos.contentStore.listContents(s, { limit: 100 }),
      full: repos.contentStore.listContents(s, { limit: 100 }).map((c) => ({
        item: repos.contentStore.getContent(s, c.id),
        chunks: repos.contentStore.listChunks(s, c.id),
      })),
    })),
  };
}

async function pair() {
  const clockA = testClock();
  const clockB = testClock();
  // Anchors two messages apart, so the few messages here already page across many (page-anchors.ts).
  const sqlite = createSqliteRepositories(await openTestClient(), clockA.now, { pageAnchorSpacing: 2 });
  const model = createMemoryRepositories(clockB.now);
  for (const repos of [sqlite, model]) {
    for (const [i, id] of SESSIONS.entries())
      repos.sessions.create({ id, name: `Session ${id}`, assistantId: 'default', createdAt: i });
  }
  return { sqlite, model, tick: () => (clockA.advance(7), clockB.advance(7)) };
}

describe('SQLite repositories against the in-memory model', () => {
  it('agree on every step of random sequences of writes and reads', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40 }), async (steps) => {
        const { sqlite, model, tick } = await pair();
        for (const [index, s] of steps.entries()) {
          tick();
          const actual = outcome(sqlite, s);
          const expected = outcome(model, s);
          expect(actual, `step ${index + 1}: ${s.op}`).toEqual(expected);
          expect(snapshot(sqlite), `state after step ${index + 1}: ${s.op}`).toEqual(snapshot(model));
        }
      }),
      { numRuns: 150 },
    );
  });
});
