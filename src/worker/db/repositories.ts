/**
 * The repository contracts (docs/architecture.md, "Repository contracts"). Each has a SQLite implementation
 * (src/worker/db/sqlite) and an in-memory twin (src/worker/db/memory); one contract suite
 * (src/worker/db/contract) runs against both.
 *
 * The methods are synchronous on purpose: SQLite runs inside one worker, and a write that never
 * awaits is atomic with respect to every other call. The worker API makes them async for the UI.
 * Every method validates its arguments itself (they may come straight from the worker API) and
 * throws an AppError with a code.
 */
import type {
  Assistant,
  Chunk,
  ContentItem,
  ContentSummary,
  IndexMeta,
  JsonValue,
  LineRange,
  Message,
  MessageSlice,
  NewChunk,
  NewContent,
  Page,
  Session,
  Store,
  ToolGrant,
  ToolRef,
} from '../../shared/entities';

/**
 * The search index format, recorded in message_index_meta for each session. 1: one minisearch
 * file per session (up to migration 0003); 2: the FTS5 table search_index (migration 0004). A
 * change of tokenization or fields comes with a migration that queues everything again.
 */
export const CURRENT_INDEX_VERSION = 2;

export interface IndexMetaUpdate {
  indexPath: string | null;
  docCount: number;
  rebuildDurationMs: number;
  indexVersion?: number;
  /**
   * The change counter the index was built from (see `IndexMeta`). Defaults to the current one;
   * an index built asynchronously passes what it read, so writes made meanwhile stay dirty.
   */
  asOfChangeSeq?: number;
}

export interface MessageRepository {
  /** A page (docs/architecture.md, "Page"): 1-based, created_at ascending; page_size 1..500. */
  getPage(sessionId: string, page: number, pageSize: number): Page<Message>;
  /** Keyset pagination: up to `limit` messages just before `beforeId` (or the newest), ascending. */
  listBefore(sessionId: string, beforeId: string | null, limit: number): MessageSlice;
  /** Keyset pagination: up to `limit` messages just after `afterId` (or the oldest), ascending. */
  listAfter(sessionId: string, afterId: string | null, limit: number): MessageSlice;
  get(messageId: string): Message;
  countBySession(sessionId: string): number;
  /** Messages still marked as streaming, in any session: after a restart these were interrupted. */
  listStreaming(): Message[];
  /** Upsert: a new id is inserted; a known id has every field but created_at replaced. */
  insert(message: Message): void;
  /** Upserts all of them in one transaction, or none of them. */
  insertMany(messages: Message[]): void;
  deleteById(messageId: string): void;
  /** Returns how many messages were deleted. */
  deleteBySession(sessionId: string): number;
  updateIndexMeta(sessionId: string, update: IndexMetaUpdate): void;
  getIndexMeta(sessionId: string): (IndexMeta & { changeSeq: number; indexedSeq: number }) | null;
  /** 0 when the session was never indexed. */
  getLastIndexedAt(sessionId: string): number;
  /** True when any insert, edit or deletion happened since the last index update. */
  isIndexDirty(sessionId: string): boolean;
}

export interface NewSession {
  id: string;
  name: string;
  assistantId: string;
  createdAt: number;
}

export interface SessionListOptions {
  nameContains?: string;
  limit?: number;
  offset?: number;
}

export interface SessionRepository {
  create(session: NewSession): Session;
  get(sessionId: string): Session;
  /** Most recent activity first. */
  list(options?: SessionListOptions): Session[];
  rename(sessionId: string, name: string): Session;
  /**
   * The database part of session deletion (docs/architecture.md), in one transaction: index metadata, the
   * content store (chunks, contents, store), the messages, then the session itself.
   */
  delete(sessionId: string): void;
  deleteIndexMetadata(sessionId: string): void;
}

export interface ContentListOptions {
  offset?: number;
  limit?: number;
}

export interface ContentStoreRepository {
  /** Idempotent: returns the existing store when the session already has one. */
  createStore(sessionId: string, details?: { name?: string; description?: string }): Store;
  getStore(sessionId: string): Store | null;
  /** Writes the item and its chunks in one transaction; creates the store when missing. */
  addContent(sessionId: string, content: NewContent, chunks: NewChunk[]): ContentSummary;
  listContents(sessionId: string, options?: ContentListOptions): ContentSummary[];
  getContent(sessionId: string, contentId: string): ContentItem;
  /** Lines fromLine..toLine, 1-based and inclusive; toLine past the end is clamped. */
  readLines(sessionId: string, contentId: string, fromLine: number, toLine: number): LineRange;
  listChunks(sessionId: string, contentId: string): Chunk[];
  deleteContent(sessionId: string, contentId: string): void;
  /** Chunks, contents, then the store. */
  deleteBySession(sessionId: string): void;
}

export interface NewAssistant {
  id: string;
  name: string;
  description?: string;
  systemPrompt?: string;
  allowedTools?: string[];
  modelSettings?: { [key: string]: JsonValue };
  createdAt: number;
}

export type AssistantPatch = Partial<Pick<Assistant, 'name' | 'description' | 'systemPrompt' | 'allowedTools' | 'modelSettings'>>;

export interface AssistantRepository {
  list(): Assistant[];
  get(assistantId: string): Assistant;
  getDefault(): Assistant;
  create(assistant: NewAssistant): Assistant;
  /** Changes the given fields; `updatedAt` becomes `at`. */
  update(assistantId: string, patch: AssistantPatch, at: number): Assistant;
  /** Refused with InUse while a session uses it; the default assistant cannot be deleted. Its tool grants go with it. */
  delete(assistantId: string): void;
  /** The tools the user chose "always allow" for with this assistant, oldest first. */
  toolGrants(assistantId: string): ToolGrant[];
  /** Records "always allow" for the assistant and tool (again: no change). */
  grantTool(assistantId: string, tool: ToolRef, at: number): void;
  /** The tool asks first again; false if it had no grant. */
  revokeTool(assistantId: string, tool: ToolRef): boolean;
}

export interface SettingsRepository {
  get(key: string): JsonValue | undefined;
  set(key: string, value: JsonValue): void;
}

export interface Repositories {
  messages: MessageRepository;
  sessions: SessionRepository;
  contentStore: ContentStoreRepository;
  assistants: AssistantRepository;
  settings: SettingsRepository;
  /** Runs `work` atomically across repositories. */
  transaction<T>(work: () => T): T;
}
