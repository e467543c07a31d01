/** What the end-to-end tests read of the database to prove what a call did, or that it did nothing. */
import type { SqlClient } from './sqlite/sql-client';

/** The rows a session owns in each table: all zero once it is deleted. */
export function sessionFootprint(sql: SqlClient, sessionId: string) {
  const count = (query: string) => Number(sql.value(query, [sessionId]));
  return {
    sessions: count('SELECT COUNT(1) FROM sessions WHERE id = ?'),
    messages: count('SELECT COUNT(1) FROM messages WHERE session_id = ?'),
    indexMeta: count('SELECT COUNT(1) FROM message_index_meta WHERE session_id = ?'),
    messageCounts: count('SELECT COUNT(1) FROM message_counts WHERE session_id = ?'),
    stores: count('SELECT COUNT(1) FROM stores WHERE session_id = ?'),
    contents: count('SELECT COUNT(1) FROM contents WHERE session_id = ?'),
    chunks: count('SELECT COUNT(1) FROM chunks WHERE content_id IN (SELECT id FROM contents WHERE session_id = ?)'),
  };
}

/** Rows of each table that users fill. */
export function totals(sql: SqlClient) {
  const count = (table: string) => Number(sql.value(`SELECT COUNT(1) FROM ${table}`));
  return { sessions: count('sessions'), messages: count('messages'), contents: count('contents'), chunks: count('chunks') };
}

export function tableNames(sql: SqlClient): string[] {
  return sql.all("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").map((row) => String(row.name));
}

/** `PRAGMA integrity_check`: ['ok'] for a sound database. */
export function integrityCheck(sql: SqlClient): string[] {
  return sql.all('PRAGMA integrity_check').map((row) => String(Object.values(row)[0]));
}

/** Rows and a hash of their contents per table: equal digests mean nothing was changed. */
export function tableDigest(sql: SqlClient): Record<string, { rows: number; hash: string }> {
  const digest: Record<string, { rows: number; hash: string }> = {};
  // The search index's tables (search_*, migration 0004) are derived data that change in the
  // background; what the user's data says of the index is message_index_meta's change counter.
  for (const table of tableNames(sql).filter((name) => !name.startsWith('search_'))) {
    const quoted = `"${table.replaceAll('"', '""')}"`;
    let hash = 0x811c9dc5;
    let rows = 0;
    // The search indexer's bookkeeping changes in the background (its interval pass); what the
    // user's data says of the index is the change counter.
    const columns = table === 'message_index_meta' ? 'session_id, change_seq' : '*';
    for (const row of sql.all(`SELECT ${columns} FROM ${quoted} ORDER BY rowid`)) {
      rows++;
      const text = JSON.stringify(row, (_key, value: unknown) => (value instanceof Uint8Array ? [...value] : value));
      for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    }
    digest[table] = { rows, hash: (hash >>> 0).toString(16) };
  }
  return digest;
}
