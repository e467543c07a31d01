import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The SQL the app's SQLite repositories run, copied for the native anchor (the repositories keep
 * these statements private). `checkNativeSqlMatchesApp` fails the run when the app's source no
 * longer contains them, so the anchor cannot drift silently from what ships.
 * `${MESSAGE_COLUMNS}` is substituted at use, exactly as in the app.
 */
export const NATIVE_SQL = {
  upsert: `
  INSERT INTO messages (\${MESSAGE_COLUMNS})
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT(id) DO UPDATE SET
    role = excluded.role, content = excluded.content, tool_calls = excluded.tool_calls,
    tool_call_id = excluded.tool_call_id, is_streaming = excluded.is_streaming,
    thinking = excluded.thinking, thinking_signature = excluded.thinking_signature,
    assistant_id = excluded.assistant_id, attachments = excluded.attachments,
    tool_use = excluded.tool_use, updated_at = excluded.updated_at, source = excluded.source,
    error = excluded.error
  WHERE messages.session_id = excluded.session_id`,
  bumpChangeSeq: `
  INSERT INTO message_index_meta (session_id, change_seq) VALUES (?, 1)
  ON CONFLICT(session_id) DO UPDATE SET change_seq = change_seq + 1`,
  touchSession: 'UPDATE sessions SET updated_at = ?2 WHERE id = ?1 AND updated_at < ?2',
  counted: 'SELECT message_count, order_stamp FROM message_counts WHERE session_id = ?',
  count: 'SELECT COUNT(1) FROM messages WHERE session_id = ?',
  page: `SELECT \${MESSAGE_COLUMNS} FROM messages WHERE session_id = ?
         ORDER BY created_at, rowid LIMIT ? OFFSET ?`,
  pageFrom: `SELECT \${MESSAGE_COLUMNS} FROM messages WHERE session_id = ? AND (created_at, rowid) >= (?, ?)
         ORDER BY created_at, rowid LIMIT ? OFFSET ?`,
  anchor: 'SELECT created_at, rowid AS rid FROM messages WHERE id = ? AND session_id = ?',
  sliceAfterStart: `SELECT \${MESSAGE_COLUMNS} FROM messages WHERE session_id = ?
         ORDER BY created_at \${order}, rowid \${order} LIMIT ?`,
  sliceFrom: `SELECT \${MESSAGE_COLUMNS} FROM messages
         WHERE session_id = ? AND (created_at, rowid) \${compare} (?, ?)
         ORDER BY created_at \${order}, rowid \${order} LIMIT ?`,
  getSession: 'SELECT * FROM sessions WHERE id = ?',
  deleteMessages: 'DELETE FROM messages WHERE session_id = ?',
  deleteChunks: 'DELETE FROM chunks WHERE content_id IN (SELECT id FROM contents WHERE session_id = ?)',
  deleteContents: 'DELETE FROM contents WHERE session_id = ?',
  deleteStore: 'DELETE FROM stores WHERE session_id = ?',
  deleteIndexMeta: 'DELETE FROM message_index_meta WHERE session_id = ?',
  deleteSession: 'DELETE FROM sessions WHERE id = ?',
} as const;

const SOURCES = ['message-repository.ts', 'session-repository.ts', 'content-store-repository.ts'];

const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();

export function checkNativeSqlMatchesApp(root: string): void {
  const source = normalize(SOURCES.map((file) => readFileSync(join(root, 'src/worker/db/sqlite', file), 'utf8')).join('\n'));
  const drifted = Object.entries(NATIVE_SQL).filter(([, sql]) => !source.includes(normalize(sql)));
  if (drifted.length > 0) {
    throw new Error(
      `The native anchor's SQL no longer matches src/worker/db/sqlite (${drifted.map(([name]) => name).join(', ')}): update bench/runner/native-sql.ts.`,
    );
  }
}

/** A statement with the app's template placeholders filled in. */
export function fill(sql: string, values: Record<string, string>): string {
  return sql.replace(/\$\{(\w+)\}/g, (_, name: string) => values[name] ?? `\${${name}}`);
}
