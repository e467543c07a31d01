/**
 * Input checks shared by every repository implementation, so the SQLite repositories and their
 * in-memory twins refuse exactly the same input with exactly the same words. The worker API passes
 * whatever a caller sent straight here: nothing is assumed about types.
 */
import { invalidInput } from './errors';
import { ROLES, type Attachment, type JsonValue, type Message, type Role, type ToolCall } from './entities';

export const MAX_ID_LENGTH = 128;
export const MAX_PAGE_SIZE = 500;
export const MAX_NAME_LENGTH = 200;

export function requireId(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalidInput(`${what} must be a non-empty string.`);
  }
  if (value.length > MAX_ID_LENGTH) {
    throw invalidInput(`${what} is longer than ${MAX_ID_LENGTH} characters.`);
  }
  return value;
}

export function requireText(value: unknown, what: string): string {
  if (typeof value !== 'string') throw invalidInput(`${what} must be a string.`);
  return value;
}

export function requireName(value: unknown, what: string): string {
  const name = requireText(value, what).trim();
  if (name === '') throw invalidInput(`${what} must not be empty.`);
  if (name.length > MAX_NAME_LENGTH) {
    throw invalidInput(`${what} is longer than ${MAX_NAME_LENGTH} characters.`);
  }
  return name;
}

export function optionalText(value: unknown, what: string): string | null {
  if (value === null || value === undefined) return null;
  return requireText(value, what);
}

export function requireTimestamp(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalidInput(`${what} must be a non-negative whole number of milliseconds.`);
  }
  return value;
}

export function requirePositiveInteger(value: unknown, what: string, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw invalidInput(`${what} must be a whole number of at least 1, got ${describe(value)}.`);
  }
  if (value > max) throw invalidInput(`${what} must be at most ${max}, got ${value}.`);
  return value;
}

export function requireNonNegativeInteger(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalidInput(`${what} must be a whole number of at least 0, got ${describe(value)}.`);
  }
  return value;
}

/** Checks a page's arguments (docs/architecture.md, "Page"): 1-based page, 1..MAX_PAGE_SIZE rows, an offset that fits. */
export function requirePageArgs(page: unknown, pageSize: unknown): { page: number; pageSize: number; offset: number } {
  const size = requirePositiveInteger(pageSize, 'page_size', MAX_PAGE_SIZE);
  const number = requirePositiveInteger(page, 'page (1-based)');
  const offset = (number - 1) * size;
  if (!Number.isSafeInteger(offset)) throw invalidInput(`page ${number} is too large.`);
  return { page: number, pageSize: size, offset };
}

export function requireLimit(value: unknown): number {
  return requirePositiveInteger(value, 'limit', MAX_PAGE_SIZE);
}

function requireRole(value: unknown): Role {
  if (!ROLES.includes(value as Role)) {
    throw invalidInput(`role must be one of ${ROLES.join(', ')}, got ${describe(value)}.`);
  }
  return value as Role;
}

function isJsonValue(value: unknown, depth = 0): value is JsonValue {
  if (depth > 64) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => isJsonValue(item, depth + 1));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.values(value).every((item) => isJsonValue(item, depth + 1));
  }
  return false;
}

export function requireJson(value: unknown, what: string): JsonValue {
  if (!isJsonValue(value)) throw invalidInput(`${what} must be plain JSON data.`);
  return value;
}

function optionalJson(value: unknown, what: string): JsonValue | null {
  if (value === null || value === undefined) return null;
  return requireJson(value, what);
}

function optionalToolCalls(value: unknown): ToolCall[] | null {
  if (value === null || value === undefined) return null;
  const valid =
    Array.isArray(value) &&
    value.every(
      (call: Partial<ToolCall>) =>
        typeof call?.id === 'string' &&
        call.type === 'function' &&
        typeof call.function?.name === 'string' &&
        typeof call.function?.arguments === 'string',
    );
  if (!valid) {
    throw invalidInput('toolCalls must be a list of {id, type: "function", function: {name, arguments}}.');
  }
  return value as ToolCall[];
}

function optionalAttachments(value: unknown): Attachment[] | null {
  if (value === null || value === undefined) return null;
  const valid =
    Array.isArray(value) &&
    value.every(
      (item: Partial<Attachment>) =>
        typeof item?.contentId === 'string' &&
        typeof item.filename === 'string' &&
        (item.mimeType === undefined || typeof item.mimeType === 'string'),
    );
  if (!valid) throw invalidInput('attachments must be a list of {contentId, filename, mimeType?}.');
  return value as Attachment[];
}

/** Returns a clean copy of a message, or throws InvalidInput naming the first bad field. */
export function validateMessage(input: unknown): Message {
  if (typeof input !== 'object' || input === null) throw invalidInput('A message must be an object.');
  const m = input as Record<keyof Message, unknown>;
  if (typeof m.isStreaming !== 'boolean' && m.isStreaming !== undefined) {
    throw invalidInput('isStreaming must be true or false.');
  }
  return {
    id: requireId(m.id, 'Message id'),
    sessionId: requireId(m.sessionId, 'session_id'),
    role: requireRole(m.role),
    content: requireText(m.content, 'content'),
    toolCalls: optionalToolCalls(m.toolCalls),
    toolCallId: optionalText(m.toolCallId, 'toolCallId'),
    isStreaming: m.isStreaming === true,
    thinking: optionalText(m.thinking, 'thinking'),
    thinkingSignature: optionalText(m.thinkingSignature, 'thinkingSignature'),
    assistantId: optionalText(m.assistantId, 'assistantId'),
    attachments: optionalAttachments(m.attachments),
    toolUse: optionalJson(m.toolUse, 'toolUse'),
    createdAt: requireTimestamp(m.createdAt, 'createdAt'),
    updatedAt: requireTimestamp(m.updatedAt, 'updatedAt'),
    source: optionalText(m.source, 'source'),
    error: optionalText(m.error, 'error'),
  };
}

export function requireMessageList(value: unknown): Message[] {
  if (!Array.isArray(value)) throw invalidInput('insert_many expects a list of messages.');
  return value.map((item, index) => {
    try {
      return validateMessage(item);
    } catch (error) {
      throw invalidInput(`Message ${index + 1} of ${value.length}: ${(error as Error).message}`);
    }
  });
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40));
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  return typeof value;
}

export function requireObject<T extends object>(value: unknown, what: string): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidInput(`${what} must be an object.`);
  }
  return value as T;
}

/** Case-insensitive "contains", the same in every implementation (SQLite's lower() is ASCII-only). */
export function nameMatches(name: string, query: string | undefined): boolean {
  if (!query) return true;
  return name.toLocaleLowerCase().includes(query.toLocaleLowerCase());
}

export function requireWindow(
  options: unknown,
  defaultLimit: number,
  maxLimit = MAX_PAGE_SIZE,
): { offset: number; limit: number } {
  const { offset = 0, limit = defaultLimit } = requireObject<{ offset?: unknown; limit?: unknown }>(options ?? {}, 'options');
  return { offset: requireNonNegativeInteger(offset, 'offset'), limit: requirePositiveInteger(limit, 'limit', maxLimit) };
}
