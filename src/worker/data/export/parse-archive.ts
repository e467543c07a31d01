import { invalidInput } from '../../../shared/errors';
import type { Assistant, Message, NewChunk, NewContent, Session, Store } from '../../../shared/entities';
import { prepareContent } from '../../db/content-input';
import { prepareAssistant } from '../../db/assistant-input';
import { optionalText, requireId, requireName, requireText, requireTimestamp, validateMessage } from '../../../shared/validate';
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
    name: requireName(raw.name, 'session name'),
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

/**
 * A document goes through the content store's own checks (prepareContent), as an upload does: its
 * name's length, every chunk's line range inside the text and its text those lines. What is
 * derived from the text is computed again; a count the file states must agree with it.
 */
function parseContent(value: unknown, sessionId: string): ArchiveContent {
  const raw = object(value, 'A document');
  const chunks = list(raw.chunks ?? [], 'chunks').map((item, index) => at(`chunk ${index + 1}`, () => chunkInput(item, index)));
  const uploadedAt = requireText(raw.uploadedAt, 'uploadedAt');
  const input = { id: raw.id, filename: raw.filename, mimeType: raw.mimeType, size: raw.size, content: raw.content };
  const { item, chunks: checked } = prepareContent(input as NewContent, chunks, uploadedAt);
  agrees(raw.lineCount, item.lineCount, 'lineCount', 'lines in its text');
  agrees(raw.chunkCount, checked.length, 'chunkCount', 'chunks it lists');
  return {
    ...item,
    sessionId,
    lastAccessedAt: requireText(raw.lastAccessedAt ?? uploadedAt, 'lastAccessedAt'),
    chunks: checked.map((chunk, index) => ({
      ...chunk,
      contentId: item.id,
      chunkIndex: index,
      page: chunk.page ?? null,
      sheet: chunk.sheet ?? null,
    })),
  };
}

function agrees(stated: unknown, actual: number, field: string, what: string): void {
  if (stated !== undefined && stated !== actual) {
    throw invalidInput(`its ${field} (${String(stated)}) is not the ${actual} ${what}.`);
  }
}

/** A chunk as the content store takes it; chunks are listed in order, as the export writes them. */
function chunkInput(value: unknown, index: number): NewChunk {
  const raw = object(value, 'A chunk');
  if (raw.chunkIndex !== undefined && raw.chunkIndex !== index) {
    throw invalidInput(`its chunkIndex (${String(raw.chunkIndex)}) is not its place in the list (${index}).`);
  }
  return {
    id: raw.id as string,
    text: raw.text as string,
    startLine: raw.startLine as number,
    endLine: raw.endLine as number,
    page: raw.page as number | null,
    sheet: raw.sheet as string | null,
  };
}
