import { invalidInput } from '../../../shared/errors';
import type { Assistant, Chunk, Message, Session, Store } from '../../../shared/entities';
import { prepareAssistant } from '../../db/assistant-input';
import { optionalText, requireId, requireText, requireTimestamp, validateMessage } from '../../../shared/validate';
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, type Archive, type ArchiveContent, type ArchiveSession } from './archive';

type Fields = Record<string, unknown>;

function object(value: unknown, what: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidInput(`${what} must be an object.`);
  return value as Fields;
}

function list(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw invalidInput(`${what} must be a list.`);
  return value;
}

function count(value: unknown, what: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) throw invalidInput(`${what} must be a whole number ≥ 0.`);
  return value as number;
}

/** Prefixes the first error inside `work` with where it happened. */
function at<T>(where: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw invalidInput(`${where}: ${(error as Error).message}`);
  }
}

/**
 * Checks a parsed JSON file against our export format, field by field, and returns a clean copy.
 * Throws InvalidInput naming the first problem (and where it is), before anything is written.
 */
export function parseArchive(value: unknown): Archive {
  const root = object(value, 'The file');
  if (root.format !== ARCHIVE_FORMAT) {
    throw invalidInput('This is not a LibrAgent export (its "format" is not "libragent-web").');
  }
  if (root.version !== ARCHIVE_VERSION) {
    throw invalidInput(
      typeof root.version === 'number' && root.version > ARCHIVE_VERSION
        ? `This export was made by a newer version of LibrAgent (format version ${root.version}). Reload to get the latest app.`
        : `Unknown export format version: ${String(root.version)}.`,
    );
  }
  const sessions = list(root.sessions, 'sessions').map((item, index) => at(`Session ${index + 1}`, () => parseSession(item)));
  return {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    exportedAt: typeof root.exportedAt === 'string' ? root.exportedAt : '',
    sessions,
  };
}

function parseSession(value: unknown): ArchiveSession {
  const entry = object(value, 'A session entry');
  const raw = object(entry.session, 'session');
  const session: Session = {
    id: requireId(raw.id, 'session id'),
    name: requireText(raw.name, 'session name'),
    assistantId: requireId(raw.assistantId, 'assistantId'),
    createdAt: requireTimestamp(raw.createdAt, 'createdAt'),
    updatedAt: requireTimestamp(raw.updatedAt, 'updatedAt'),
  };
  const assistant = entry.assistant == null ? null : parseAssistant(entry.assistant);
  const messages = list(entry.messages, 'messages').map((item, index) =>
    at(`message ${index + 1}`, () => {
      const message: Message = validateMessage(item);
      if (message.sessionId !== session.id) throw invalidInput(`it belongs to session ${message.sessionId}, not ${session.id}.`);
      return message;
    }),
  );
  const store = entry.store == null ? null : parseStore(entry.store, session.id);
  const contents = list(entry.contents ?? [], 'contents').map((item, index) =>
    at(`document ${index + 1}`, () => parseContent(item, session.id)),
  );
  return { session, assistant, messages, store, contents };
}

function parseAssistant(value: unknown): Assistant {
  const raw = object(value, 'assistant');
  const createdAt = requireTimestamp(raw.createdAt, 'assistant createdAt');
  const assistant = prepareAssistant({
    id: requireId(raw.id, 'assistant id'),
    name: raw.name as string,
    description: raw.description as string | undefined,
    systemPrompt: raw.systemPrompt as string | undefined,
    allowedTools: raw.allowedTools as string[] | undefined,
    modelSettings: raw.modelSettings as Assistant['modelSettings'] | undefined,
    createdAt,
  });
  return {
    ...assistant,
    isDefault: raw.isDefault === true,
    updatedAt: requireTimestamp(raw.updatedAt ?? createdAt, 'updatedAt'),
  };
}

function parseStore(value: unknown, sessionId: string): Store {
  const raw = object(value, 'store');
  return {
    sessionId,
    name: optionalText(raw.name, 'store name'),
    description: optionalText(raw.description, 'store description'),
    createdAt: requireText(raw.createdAt, 'store createdAt'),
    updatedAt: requireText(raw.updatedAt, 'store updatedAt'),
  };
}

function parseContent(value: unknown, sessionId: string): ArchiveContent {
  const raw = object(value, 'A document');
  const id = requireId(raw.id, 'document id');
  const chunks = list(raw.chunks ?? [], 'chunks').map((item, index) =>
    at(`chunk ${index + 1}`, () => parseChunk(item, id, index)),
  );
  return {
    id,
    sessionId,
    filename: requireText(raw.filename, 'filename'),
    mimeType: requireText(raw.mimeType, 'mimeType'),
    size: count(raw.size, 'size'),
    lineCount: count(raw.lineCount, 'lineCount'),
    preview: requireText(raw.preview ?? '', 'preview'),
    uploadedAt: requireText(raw.uploadedAt, 'uploadedAt'),
    chunkCount: chunks.length,
    lastAccessedAt: requireText(raw.lastAccessedAt ?? raw.uploadedAt, 'lastAccessedAt'),
    content: requireText(raw.content, 'content'),
    chunks,
  };
}

function parseChunk(value: unknown, contentId: string, index: number): Chunk {
  const raw = object(value, 'A chunk');
  const startLine = count(raw.startLine, 'startLine');
  const endLine = count(raw.endLine, 'endLine');
  if (startLine < 1 || endLine < startLine) throw invalidInput('its line range must be 1-based with endLine ≥ startLine.');
  return {
    id: requireId(raw.id, 'chunk id'),
    contentId,
    chunkIndex: raw.chunkIndex === undefined ? index : count(raw.chunkIndex, 'chunkIndex'),
    text: requireText(raw.text, 'text'),
    startLine,
    endLine,
    page: raw.page == null ? null : count(raw.page, 'page'),
    sheet: optionalText(raw.sheet, 'sheet'),
  };
}
