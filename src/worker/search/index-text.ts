import type { Role } from '../../shared/entities';
import type { SqlClient } from '../db/sqlite/sql-client';
import { fromSqlValue } from '../db/sqlite/sql-text';
import { CHUNK_BASE, DOCUMENT_TAG, MESSAGE_TAG, ROLE_TAG_START, SESSION_TAG_START } from './index-rows';
import { messageSearchText } from './message-text';
import { indexWords } from './tokenize';

/**
 * What search_index holds of each message and chunk, as SQL, so a build streams rows from
 * messages and chunks into the index inside SQLite without carrying their text through
 * JavaScript. Text that is plain ASCII goes in as it is: FTS5's ascii tokenizer splits and
 * lower-cases it exactly as tokenize.ts would. Anything else (other scripts, accents, a tool's
 * JSON output) goes through `search_words`, the app's tokenizer as an SQL function,
 * which hands FTS5 the words already split and normalized, separated by spaces.
 */

/** One row of search_index as it is written. */
export interface IndexRow {
  doc: number;
  body: string;
  name: string;
  tags: string;
}

/** Registers search_words(role, content, thinking) on this connection (idempotent). */
export function registerSearchWords(sql: SqlClient): void {
  sql.db.createFunction(
    'search_words',
    (_context, role, content, thinking) =>
      indexWords(
        messageSearchText({
          role: String(role) as Role,
          content: textOf(content) ?? '',
          thinking: textOf(thinking),
        }),
      ),
    { deterministic: true },
  );
}

/** A column's value as the app stored it: a string that is not well-formed Unicode is a marked BLOB (sql-text.ts). */
function textOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const stored = fromSqlValue(value);
  return typeof stored === 'string' ? stored : String(stored);
}

/**
 * True (1) when `x` is text and every character of it is ASCII: UTF-8 spends more than a byte on
 * any other (far cheaper than a GLOB). A BLOB (a string with a lone surrogate) is not.
 */
const ASCII = (x: string) => `(typeof(${x}) = 'text' AND length(${x}) = octet_length(${x}))`;

/**
 * A message's words as FTS5 reads them: plain ASCII text and thinking as they are (a newline
 * between, as messageSearchText joins them); a tool's output (JSON flattened to its values) and
 * any other script through the app's tokenizer.
 */
const MESSAGE_BODY = `CASE WHEN m.role <> 'tool' AND ${ASCII('m.content')} AND (m.thinking IS NULL OR ${ASCII('m.thinking')})
  THEN m.content || coalesce(char(10) || nullif(m.thinking, ''), '') ELSE search_words(m.role, m.content, m.thinking) END`;
const CHUNK_BODY = `CASE WHEN ${ASCII('c.text')} THEN c.text ELSE search_words('user', c.text, NULL) END`;

/** The filters' words (index-rows.ts): the session's id as lower-case hex, as sessionTag() writes it. */
const SESSION_TAG = (column: string) => `'${SESSION_TAG_START}' || lower(hex(${column}))`;

/**
 * Rows of search_index for the queued docs up to the doc bound to ?1, in rising doc order (FTS5
 * writes out its pending postings whenever a rowid is not above the last one: any other order
 * costs a segment per row, measured 4x slower). They are read in the queue's own order, so
 * nothing is sorted. Chunks (the lower docs) come first, then messages: two statements, run in
 * that order. A message with no text (a tool call alone, an empty turn) is left out: no hit.
 */
export const CHUNK_ROWS_THROUGH = `
  SELECT q.doc AS doc, ${CHUNK_BODY} AS body, search_words('user', t.filename, NULL) AS name,
         ${SESSION_TAG('t.session_id')} || ' ${DOCUMENT_TAG}' AS tags
  FROM search_queue q JOIN chunks c ON c.rowid = -q.doc - ${CHUNK_BASE} JOIN contents t ON t.id = c.content_id
  WHERE q.doc <= min(?1, -${CHUNK_BASE})
  ORDER BY q.doc`;

export const MESSAGE_ROWS_THROUGH = `
  SELECT q.doc AS doc, ${MESSAGE_BODY} AS body, '' AS name,
         ${SESSION_TAG('m.session_id')} || ' ${ROLE_TAG_START}' || m.role || ' ${MESSAGE_TAG}' AS tags
  FROM search_queue q JOIN messages m ON m.rowid = -q.doc
  WHERE q.doc > -${CHUNK_BASE} AND q.doc <= ?1 AND (m.content <> '' OR m.thinking <> '')
  ORDER BY q.doc`;
