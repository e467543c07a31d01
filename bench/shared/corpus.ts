import type { Message, Role, ToolCall } from '../../src/shared/entities';
import { createRandom, intBetween, mixSeed, type Random } from './random';
import { codeBlock, cjkText, longAnswer, prose } from './text';

/**
 * The benchmark's data, generated deterministically: message `i` depends only on the seed and
 * `i`. Session 0 is the "big" session (`bigSession` messages, used for paging and deletion);
 * the other messages are dealt round-robin over the remaining sessions.
 */
export interface CorpusSpec {
  seed: number;
  messages: number;
  sessions: number;
  bigSession: number;
  /** Prefix of every id, so two corpora never collide in one database. */
  prefix: string;
}

export const BASE_TIME = Date.UTC(2025, 0, 1);

/** A word that appears in about 20 messages whatever the corpus size: the "rare word" query. */
export const RARE_WORD = 'zephyrine';

export const sessionId = (spec: CorpusSpec, session: number) => `${spec.prefix}s${session}`;
export const messageId = (spec: CorpusSpec, index: number) => `${spec.prefix}m${index}`;

export function sessionOf(spec: CorpusSpec, index: number): { session: number; position: number } {
  if (index < spec.bigSession || spec.sessions === 1) return { session: 0, position: index };
  const rest = index - spec.bigSession;
  const others = spec.sessions - 1;
  return { session: 1 + (rest % others), position: Math.floor(rest / others) };
}

export function messageAt(spec: CorpusSpec, index: number): Message {
  const random = createRandom(mixSeed(spec.seed, index));
  const { session, position } = sessionOf(spec, index);
  const role: Role = position % 40 === 39 ? 'tool' : position % 2 === 0 ? 'user' : 'assistant';
  let content = role === 'user' ? userText(random) : role === 'assistant' ? assistantText(random) : toolText(random);
  const rareEvery = Math.max(50, Math.floor(spec.messages / 20));
  if (index % rareEvery === 7) content += ` ${RARE_WORD}`;
  const createdAt = BASE_TIME + index * 1000;
  const id = messageId(spec, index);
  const toolCalls: ToolCall[] | null =
    role === 'assistant' && position % 40 === 37
      ? [{ id: `${id}-call`, type: 'function', function: { name: 'read_content', arguments: '{"from":1,"to":50}' } }]
      : null;
  return {
    id,
    sessionId: sessionId(spec, session),
    role,
    content,
    toolCalls,
    toolCallId: role === 'tool' ? `${messageId(spec, index - 2)}-call` : null,
    isStreaming: false,
    thinking: role === 'assistant' && random() < 0.1 ? prose(random, intBetween(random, 20, 80)) : null,
    thinkingSignature: null,
    assistantId: role === 'assistant' ? 'default' : null,
    attachments: null,
    toolUse: null,
    createdAt,
    updatedAt: createdAt,
    source: null,
    error: null,
  };
}

/** The corpus in insertion order, `size` messages at a time. */
export function* messageBatches(spec: CorpusSpec, size: number, from = 0, to = spec.messages): Generator<Message[]> {
  for (let start = from; start < to; start += size) {
    const batch: Message[] = [];
    for (let i = start; i < Math.min(start + size, to); i++) batch.push(messageAt(spec, i));
    yield batch;
  }
}

// People type short messages; assistants answer at length, sometimes with code. About 5% of
// both are Chinese or Japanese.
function userText(random: Random): string {
  const kind = random();
  if (kind < 0.7) return prose(random, intBetween(random, 4, 25));
  if (kind < 0.9) return prose(random, intBetween(random, 25, 80));
  if (kind < 0.96) return cjkText(random, intBetween(random, 10, 60));
  return `${prose(random, intBetween(random, 5, 15))}\n\n${codeBlock(random, intBetween(random, 5, 30))}`;
}

function assistantText(random: Random): string {
  const kind = random();
  if (kind < 0.25) return prose(random, intBetween(random, 10, 40));
  if (kind < 0.65) return longAnswer(random, intBetween(random, 40, 150));
  if (kind < 0.85) return longAnswer(random, intBetween(random, 150, 500));
  if (kind < 0.95) {
    return `${prose(random, intBetween(random, 20, 60))}\n\n${codeBlock(random, intBetween(random, 10, 50))}\n\n${prose(random, intBetween(random, 10, 40))}`;
  }
  return cjkText(random, intBetween(random, 50, 300));
}

function toolText(random: Random): string {
  return JSON.stringify({ ok: true, lines: prose(random, intBetween(random, 20, 200)) });
}
