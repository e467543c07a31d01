import type { Message } from '../../lib/db/types';
import { MESSAGE_COLUMNS, rowToMessage } from '../../lib/db/sqlite/message-rows';
import type { SqlClient } from '../../lib/db/sqlite/sql-client';

export interface IndexableContent {
  id: string;
  filename: string;
  /** Unix ms. */
  uploadedAt: number;
}

export interface ChunkView {
  id: string;
  contentId: string;
  sessionId: string;
  filename: string;
  text: string;
  startLine: number;
  endLine: number;
}

/**
 * What the search indexer reads from the database: the few queries the repositories have no
 * reason to offer (rows changed since a counter, ids only, chunks by id). Read-only.
 */
export class SearchSource {
  constructor(private readonly sql: SqlClient) {}

  /** Every session with its message change counter (0 when nothing was ever written). */
  sessionCounters(): Map<string, number> {
    const rows = this.sql.all(
      `SELECT s.id, COALESCE(m.change_seq, 0) AS seq FROM sessions s
       LEFT JOIN message_index_meta m ON m.session_id = s.id`,
    );
    return new Map(rows.map((row) => [String(row.id), Number(row.seq)]));
  }

  /** Messages written (inserted, upserted or edited) after change counter `seq`. */
  messagesChangedSince(sessionId: string, seq: number): Message[] {
    return this.sql
      .all(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE session_id = ? AND index_seq > ?`, [sessionId, seq])
      .map(rowToMessage);
  }

  messageCount(sessionId: string): number {
    return Number(this.sql.value('SELECT COUNT(1) FROM messages WHERE session_id = ?', [sessionId]));
  }

  messageIds(sessionId: string): Set<string> {
    return new Set(this.sql.all('SELECT id FROM messages WHERE session_id = ?', [sessionId]).map((row) => String(row.id)));
  }

  contents(sessionId: string): IndexableContent[] {
    return this.sql.all('SELECT id, filename, uploaded_at FROM contents WHERE session_id = ?', [sessionId]).map((row) => ({
      id: String(row.id),
      filename: String(row.filename),
      uploadedAt: Date.parse(String(row.uploaded_at)) || 0,
    }));
  }

  chunkTexts(contentId: string): { id: string; text: string }[] {
    return this.sql
      .all('SELECT id, text FROM chunks WHERE content_id = ? ORDER BY chunk_index', [contentId])
      .map((row) => ({ id: String(row.id), text: String(row.text) }));
  }

  message(messageId: string): Message | undefined {
    const row = this.sql.get(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = ?`, [messageId]);
    return row ? rowToMessage(row) : undefined;
  }

  chunk(chunkId: string): ChunkView | undefined {
    const row = this.sql.get(
      `SELECT c.id, c.content_id, c.text, c.start_line, c.end_line, t.session_id, t.filename
       FROM chunks c JOIN contents t ON t.id = c.content_id WHERE c.id = ?`,
      [chunkId],
    );
    if (!row) return undefined;
    return {
      id: String(row.id),
      contentId: String(row.content_id),
      sessionId: String(row.session_id),
      filename: String(row.filename),
      text: String(row.text),
      startLine: Number(row.start_line),
      endLine: Number(row.end_line),
    };
  }

  sessionName(sessionId: string): string | undefined {
    const name = this.sql.value('SELECT name FROM sessions WHERE id = ?', [sessionId]);
    return name === undefined ? undefined : String(name);
  }
}
