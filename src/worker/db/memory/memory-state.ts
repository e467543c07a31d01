import { DEFAULT_ASSISTANT_ID } from '../assistant-input';
import type {
  Assistant,
  Chunk,
  ContentItem,
  IndexMeta,
  JsonValue,
  Message,
  Session,
  Store,
  ToolGrant,
} from '../../../shared/entities';

export interface StoredMessage {
  message: Message;
  /** Insertion order, the twin of SQLite's rowid: the tie-breaker for equal created_at. */
  seq: number;
}

export type StoredMeta = IndexMeta & { changeSeq: number; indexedSeq: number };

/** Everything the in-memory repositories hold, in one object so a transaction can snapshot it. */
export interface MemoryState {
  nextSeq: number;
  assistants: Map<string, Assistant>;
  sessions: Map<string, Session & { seq: number }>;
  messages: Map<string, StoredMessage>;
  indexMeta: Map<string, StoredMeta>;
  stores: Map<string, Store>;
  contents: Map<string, ContentItem & { seq: number }>;
  chunks: Map<string, Chunk[]>;
  settings: Map<string, JsonValue>;
  toolGrants: ToolGrant[];
}

/** A fresh state with the default assistant, as migration 0001 leaves a new database. */
export function createMemoryState(now: number): MemoryState {
  return {
    nextSeq: 1,
    assistants: new Map([
      [
        DEFAULT_ASSISTANT_ID,
        {
          id: DEFAULT_ASSISTANT_ID,
          name: 'LibrAgent',
          description: 'The built-in assistant. It answers from your documents and history, even offline.',
          systemPrompt:
            "You are LibrAgent, a helpful assistant. Use the session's documents when they are relevant and cite them.",
          allowedTools: ['add_content', 'list_content', 'read_content', 'keyword_search', 'delete_content'],
          modelSettings: {},
          isDefault: true,
          createdAt: now,
          updatedAt: now,
        },
      ],
    ]),
    sessions: new Map(),
    messages: new Map(),
    indexMeta: new Map(),
    stores: new Map(),
    contents: new Map(),
    chunks: new Map(),
    settings: new Map(),
    toolGrants: [],
  };
}

/** Returned values are copies, as rows read from SQLite would be: callers cannot mutate the state. */
export const copy = <T>(value: T): T => structuredClone(value);
