import type { Message } from '../../src/shared/entities';
import { BASE_TIME, messageId, sessionId, type CorpusSpec } from './corpus';

/**
 * What the repository scenarios read and write, so every engine (sqlite-wasm on OPFS, native
 * better-sqlite3, IndexedDB, and sqlite-wasm through Comlink) does exactly the same work.
 */
export type Depth = 'start' | 'middle' | 'end';

export interface PageRead {
  depth: Depth;
  /** 1-based OFFSET page (the seed's get_page). */
  page: number;
  /** Keyset read: `after` the anchor (or the oldest), or `before` it (or the newest). */
  keyset: { direction: 'after' | 'before'; anchorId: string | null };
}

/** The start, middle and end of the big session (session 0). */
export function pageReads(spec: CorpusSpec, pageSize: number): PageRead[] {
  const size = spec.bigSession;
  const middle = Math.floor(size / 2);
  return [
    { depth: 'start', page: 1, keyset: { direction: 'after', anchorId: null } },
    {
      depth: 'middle',
      page: Math.ceil((middle + 1) / pageSize),
      keyset: { direction: 'after', anchorId: messageId(spec, middle) },
    },
    // The newest page: what opening a session shows first.
    { depth: 'end', page: Math.max(1, Math.ceil(size / pageSize)), keyset: { direction: 'before', anchorId: null } },
  ];
}

/**
 * Step `step` of a streamed answer: the same assistant message upserted again and again, a few
 * tokens longer each time, as the app does while a reply streams in.
 */
export function streamedMessage(spec: CorpusSpec, step: number): Message {
  const createdAt = BASE_TIME + spec.messages * 1000;
  return {
    id: `${spec.prefix}stream`,
    sessionId: sessionId(spec, 0),
    role: 'assistant',
    content: `Streaming answer${' and the next few tokens of the answer'.repeat(step + 1)}`.slice(-4000),
    toolCalls: null,
    toolCallId: null,
    isStreaming: true,
    thinking: null,
    thinkingSignature: null,
    assistantId: 'default',
    attachments: null,
    toolUse: null,
    createdAt,
    updatedAt: createdAt + step + 1,
    source: null,
    error: null,
  };
}
