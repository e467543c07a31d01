/**
 * Domain types shared by the worker and the UI. Fields are camelCase everywhere in TypeScript;
 * only the SQLite row mappers know the snake_case column names, so a `contentId` vs `content_id`
 * mix-up (a bug of the original) cannot reach a query.
 */

export type Role = 'user' | 'assistant' | 'system' | 'tool';
export const ROLES: readonly Role[] = ['user', 'assistant', 'system', 'tool'];

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A tool call as the OpenAI-compatible APIs shape it; stored as JSON in `messages.tool_calls`. */
export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** A reference from a message to an item of its session's content store. */
export interface Attachment {
  contentId: string;
  filename: string;
  mimeType?: string;
}

export interface Message {
  id: string;
  sessionId: string;
  role: Role;
  content: string;
  toolCalls: ToolCall[] | null;
  toolCallId: string | null;
  isStreaming: boolean;
  thinking: string | null;
  thinkingSignature: string | null;
  assistantId: string | null;
  attachments: Attachment[] | null;
  toolUse: JsonValue | null;
  /** Unix time in milliseconds; kept from the first write of this id, whatever later upserts say. */
  createdAt: number;
  updatedAt: number;
  source: string | null;
  error: string | null;
}

/** A page of rows (docs/architecture.md, "Page"): 1-based `page`, ordered by createdAt ascending. */
export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  totalItems: number;
  hasNext: boolean;
  hasPrev: boolean;
}

/** A keyset slice of a session's history, in ascending order. */
export interface MessageSlice {
  items: Message[];
  /** True when more messages exist beyond this slice in the direction that was asked for. */
  hasMore: boolean;
}

export interface IndexMeta {
  sessionId: string;
  indexPath: string | null;
  lastIndexedAt: number;
  docCount: number;
  indexVersion: number;
  lastRebuildDurationMs: number | null;
}

export interface Session {
  id: string;
  name: string;
  assistantId: string;
  createdAt: number;
  /** Last activity: bumped by every new message, so the list can show recent sessions first. */
  updatedAt: number;
}

export interface Assistant {
  id: string;
  name: string;
  description: string;
  systemPrompt: string;
  allowedTools: string[];
  modelSettings: { [key: string]: JsonValue };
  isDefault: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface Store {
  sessionId: string;
  name: string | null;
  description: string | null;
  /** ISO 8601 text, as the desktop app's TEXT columns hold it (docs/architecture.md, "Times"). */
  createdAt: string;
  updatedAt: string;
}

export interface ContentSummary {
  id: string;
  sessionId: string;
  filename: string;
  mimeType: string;
  size: number;
  lineCount: number;
  preview: string;
  uploadedAt: string;
  chunkCount: number;
  lastAccessedAt: string;
}

export interface ContentItem extends ContentSummary {
  /** The full text of the item. */
  content: string;
}

export interface Chunk {
  id: string;
  contentId: string;
  chunkIndex: number;
  text: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  page: number | null;
  sheet: string | null;
}

export interface NewContent {
  id: string;
  filename: string;
  mimeType: string;
  size: number;
  content: string;
  preview?: string;
}

export type NewChunk = Omit<Chunk, 'contentId' | 'chunkIndex'>;

export interface LineRange {
  contentId: string;
  fromLine: number;
  toLine: number;
  totalLines: number;
  text: string;
}

/**
 * A tool named for an "always allow" decision: a built-in tool by its name (`serverUrl` null), an
 * MCP tool by its server's address and the name the server gives it.
 */
export interface ToolRef {
  tool: string;
  serverUrl: string | null;
}

/** The user chose "always allow" for this assistant and tool: it runs without asking first. */
export interface ToolGrant extends ToolRef {
  assistantId: string;
  createdAt: number;
}
