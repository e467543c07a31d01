import type { Role } from '../../shared/entities';

/**
 * How the search index (migration 0004) names what it holds. A row id ("doc") is minus a
 * message's rowid, or CHUNK_BASE more negative than minus a chunk's: the newest rows have the
 * smallest ids, because FTS5 walks a word's rows forward cheaply and backward only by reading
 * them all (newest first is the order for common words: search-service.ts). Filters are words of the `tags` column, all starting with '§', which no
 * text can produce (tokenize.ts keeps only letters, marks, digits and '_'), so a query can never
 * hit a tag by accident and a tag never counts in a score (its column weighs 0).
 */

export const BODY_WEIGHT = 1;
export const NAME_WEIGHT = 0.5;
/** bm25() with the weights of body, name and tags: the order of the table's columns. */
export const BM25 = `bm25(search_index, ${BODY_WEIGHT}, ${NAME_WEIGHT}, 0)`;

export const DOCUMENT_TAG = '§kdoc';
export const MESSAGE_TAG = '§kmsg';
/** What starts a session's tag (then its id as hex) and a role's (then the role). */
export const SESSION_TAG_START = '§s';
export const ROLE_TAG_START = '§r';

/** The session's tag: its id as hex UTF-8, since an id may hold characters the tokenizer splits on. */
export function sessionTag(sessionId: string): string {
  let hex = '';
  for (const byte of new TextEncoder().encode(sessionId)) hex += byte.toString(16).padStart(2, '0');
  return `${SESSION_TAG_START}${hex}`;
}

export function roleTag(role: Role): string {
  return `${ROLE_TAG_START}${role}`;
}

/** What message_index_meta.index_path says holds a session's part of the index. */
export function indexPathOf(sessionId: string): string {
  return `search_index (FTS5) rows tagged ${sessionTag(sessionId)}`;
}

/** A term or tag as an FTS5 string: always quoted, so no text is ever read as query syntax. */
export function quoted(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}

/** 2^40: message docs are above minus this, chunk docs at or below it. */
export const CHUNK_BASE = 1_099_511_627_776;

export const isChunkDoc = (doc: number) => doc <= -CHUNK_BASE;
/** The rowid of the message or chunk behind a doc. */
export const rowidOf = (doc: number) => (isChunkDoc(doc) ? -doc - CHUNK_BASE : -doc);
