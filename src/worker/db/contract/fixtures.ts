import { expect } from 'vitest';
import type { ErrorCode } from '../../../shared/errors';
import type { Repositories } from '../repositories';
import type { Message } from '../../../shared/entities';

export interface TestClock {
  now: () => number;
  advance(ms?: number): number;
}

export function testClock(start = 1_700_000_000_000): TestClock {
  let time = start;
  return {
    now: () => time,
    advance: (ms = 1) => (time += ms),
  };
}

/** Makes the repositories under test over a fresh, empty database driven by `clock`. */
export type RepositoryFactory = (clock: TestClock) => Promise<Repositories>;

export function makeMessage(overrides: Partial<Message> & Pick<Message, 'id' | 'sessionId'>): Message {
  return {
    role: 'user',
    content: `text of ${overrides.id}`,
    toolCalls: null,
    toolCallId: null,
    isStreaming: false,
    thinking: null,
    thinkingSignature: null,
    assistantId: null,
    attachments: null,
    toolUse: null,
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    source: null,
    error: null,
    ...overrides,
  };
}

/** `count` messages in one session with created_at 1000, 2000, ... and ids m001, m002, ... */
export function makeHistory(sessionId: string, count: number, prefix = 'm'): Message[] {
  return Array.from({ length: count }, (_, i) =>
    makeMessage({
      id: `${prefix}${String(i + 1).padStart(3, '0')}`,
      sessionId,
      createdAt: (i + 1) * 1000,
      updatedAt: (i + 1) * 1000,
    }),
  );
}

export function createSession(repos: Repositories, id: string, createdAt = 1) {
  return repos.sessions.create({ id, name: `Session ${id}`, assistantId: 'default', createdAt });
}

/** Asserts that `work` throws a coded error with a message a person can read. */
export function expectCode(work: () => unknown, code: ErrorCode): void {
  let thrown: unknown;
  try {
    work();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `expected a ${code} error`).toBeDefined();
  expect((thrown as { code?: string }).code).toBe(code);
  expect((thrown as Error).message.length).toBeGreaterThan(0);
}
