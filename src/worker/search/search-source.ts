import type { Message } from '../../shared/entities';
import { rowToChunk } from '../db/sqlite/chunk-rows';
import { MESSAGE_COLUMNS, rowToMessage } from '../db/sqlite/message-rows';
import type { SqlClient } from '../db/sqlite/sql-client';

export interface IndexableContent {
  id: string;
  filename: string;
  /** Unix ms. */
  uploadedAt: number;
}

/** Where a page of changed messages ended. */
export interface PagePosition {
  seq: number;
  rowid: number;
}

export interface ChangedPage {
  messages: Message[];
  /** Where the next page starts; null on the last page. */
  next: PagePosition | null;
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

  /** The session's message change counter; undefined when the session does not exist. */
  sessionCounter(sessionId: string): number | undefined {
    const value = this.sql.value(
      `SELECT COALESCE((SELECT change_seq FROM message_index_meta WHERE session_id = s.id), 0) FROM sessions s WHERE s.id = ?`,
      [sessionId],
    );
    return value === undefined ? undefined : Number(value);
  }

  /**
   * Messages written (inserted, upserted or edited) after change counter `seq`, in pages of
   * `limit` in (index_seq, rowid) order; pass the last page's `next` to read on.
   */
  messagesChangedSince(sessionId: string, seq: number, limit: number, after: PagePosition | null = null): ChangedPage {
    const [afterSeq, afterRowid] = after ? [after.seq, after.rowid] : [seq, 0];
    const rows = this.sql.all(
      `SELECT ${MESSAGE_COLUMNS}, index_seq, rowid AS row_id FROM messages
       WHERE session_id = ? AND index_seq > ? AND (index_seq, rowid) > (?, ?)
       ORDER BY index_seq, rowid LIMIT ?`,
      [sessionId, seq, afterSeq, afterRowid, limit],
    );
    const last = rows.at(-1);
    return {
      messages: rows.map(rowToMessage),
      next: rows.length === limit && last ? { seq: Number(last.index_seq), rowid: Number(last.row_id) } : null,
    };
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
      `SELECT c.*, t.session_id, t.filename FROM chunks c JOIN contents t ON t.id = c.content_id WHERE c.id = ?`,
      [chunkId],
    );
    if (!row) return undefined;
    const { id, contentId, text, startLine, endLine } = rowToChunk(row);
    return { id, contentId, sessionId: String(row.session_id), filename: String(row.filename), text, startLine, endLine };
  }

  sessionName(sessionId: string): string | undefined {
    const name = this.sql.value('SELECT name FROM sessions WHERE id = ?', [sessionId]);
    return name === undefined ? undefined : String(name);
  }
}
