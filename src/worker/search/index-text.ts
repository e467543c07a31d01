import type { Role } from '../../shared/entities';
import type { SqlClient } from '../db/sqlite/sql-client';
import { CHUNK_BASE, DOCUMENT_TAG, MESSAGE_TAG, ROLE_TAG_START, SESSION_TAG_START } from './index-rows';
import { messageSearchText } from './message-text';
import { indexWords } from './tokenize';

/**
 * What search_index holds of each message and chunk, as SQL, so a build streams rows from
 * messages and chunks into the index inside SQLite without carrying their text through
 * JavaScript. Text that is plain ASCII goes in as it is: FTS5's ascii tokenizer splits and
 * lower-cases it exactly as tokenize.ts would. Anything else (other scripts, accents, a tool's
 * JSON output, thinking) goes through `search_words`, the app's tokenizer as an SQL function,
 * which hands FTS5 the words already split and normalized, separated by spaces.
 */

/** Registers search_words(role, content, thinking) on this connection (idempotent). */
export function registerSearchWords(sql: SqlClient): void {
  sql.db.createFunction(
    'search_words',
    (_context, role, content, thinking) =>
      indexWords(
        messageSearchText({
          role: String(role) as Role,
          content: String(content ?? ''),
          thinking: (thinking as string | null) ?? null,
        }),
      ),
    { deterministic: true },
  );
}

/** True (1) when `x` holds a character outside 1-127: GLOB compares code points. */
const NOT_ASCII = (x: string) => `${x} GLOB '*[^' || char(1) || '-' || char(127) || ']*'`;

const MESSAGE_BODY = `CASE WHEN m.role <> 'tool' AND m.thinking IS NULL AND NOT ${NOT_ASCII('m.content')}
  THEN m.content ELSE search_words(m.role, m.content, m.thinking) END`;
const CHUNK_BODY = `CASE WHEN NOT ${NOT_ASCII('c.text')} THEN c.text ELSE search_words('user', c.text, NULL) END`;

/** The filters' words (index-rows.ts): the session's id as lower-case hex, as sessionTag() writes it. */
const SESSION_TAG = (column: string) => `'${SESSION_TAG_START}' || lower(hex(${column}))`;

/** Rows of search_index for the queued docs in the JSON array bound to ?1: doc, body, name, tags. */
export const INDEX_ROWS = `
  SELECT -m.rowid AS doc, ${MESSAGE_BODY} AS body, '' AS name,
         ${SESSION_TAG('m.session_id')} || ' ${ROLE_TAG_START}' || m.role || ' ${MESSAGE_TAG}' AS tags
  FROM messages m WHERE m.rowid IN (SELECT -value FROM json_each(?1) WHERE value > -${CHUNK_BASE})
  UNION ALL
  SELECT -${CHUNK_BASE} - c.rowid, ${CHUNK_BODY}, search_words('user', t.filename, NULL),
         ${SESSION_TAG('t.session_id')} || ' ${DOCUMENT_TAG}'
  FROM chunks c JOIN contents t ON t.id = c.content_id
  WHERE c.rowid IN (SELECT -value - ${CHUNK_BASE} FROM json_each(?1) WHERE value <= -${CHUNK_BASE})`;

/**
 * The same rows, in rising doc order (FTS5 writes out its pending postings whenever a rowid is
 * not above the last one: any other order costs a segment per row, measured 4x slower), leaving
 * out messages with no words (a tool call alone, an empty turn): those are no search hits.
 */
export const INDEX_ROWS_IN_ORDER = `SELECT doc, body, name, tags FROM (${INDEX_ROWS}) WHERE body <> '' OR name <> '' ORDER BY doc`;
