import type { Message, Role } from '../../shared/entities';
import { rowToChunk } from '../db/sqlite/chunk-rows';
import type { SqlClient } from '../db/sqlite/sql-client';

/** What a hit shows of a message: no more columns than that are read (a page is fifty hits). */
export type MessageView = Pick<Message, 'id' | 'sessionId' | 'role' | 'content' | 'thinking' | 'createdAt'> & {
  sessionName: string;
};

export interface ChunkView {
  id: string;
  contentId: string;
  sessionId: string;
  sessionName: string;
  filename: string;
  text: string;
  startLine: number;
  endLine: number;
  /** When its document was stored, Unix ms. */
  at: number;
}

/**
 * What search reads to show its hits: the messages and chunks behind index rows (by their own
 * rowids: index-rows.ts turns a doc into one), with their session names. Read-only; one query per kind for a whole page.
 */
export class SearchSource {
  constructor(private readonly sql: SqlClient) {}

  messages(rowids: number[]): Map<number, MessageView> {
    if (rowids.length === 0) return new Map();
    const rows = this.sql.all(
      `SELECT m.rowid AS doc, m.id, m.session_id, m.role, m.content, m.thinking, m.created_at, s.name AS session_name
       FROM messages m JOIN sessions s ON s.id = m.session_id WHERE m.rowid IN (SELECT value FROM json_each(?))`,
      [JSON.stringify(rowids)],
    );
    return new Map(
      rows.map((row) => [
        Number(row.doc),
        {
          id: String(row.id),
          sessionId: String(row.session_id),
          role: String(row.role) as Role,
          content: String(row.content),
          thinking: row.thinking === null ? null : String(row.thinking),
          createdAt: Number(row.created_at),
          sessionName: String(row.session_name),
        },
      ]),
    );
  }

  /** Chunks by their rowid (positive), with their document's name and session. */
  chunks(rowids: number[]): Map<number, ChunkView> {
    if (rowids.length === 0) return new Map();
    const rows = this.sql.all(
      `SELECT c.rowid AS doc, c.*, t.session_id, t.filename, t.uploaded_at, s.name AS session_name
       FROM chunks c JOIN contents t ON t.id = c.content_id JOIN sessions s ON s.id = t.session_id
       WHERE c.rowid IN (SELECT value FROM json_each(?))`,
      [JSON.stringify(rowids)],
    );
    return new Map(
      rows.map((row) => {
        const { id, contentId, text, startLine, endLine } = rowToChunk(row);
        const view = {
          id,
          contentId,
          sessionId: String(row.session_id),
          sessionName: String(row.session_name),
          filename: String(row.filename),
          text,
          startLine,
          endLine,
          at: Date.parse(String(row.uploaded_at)) || 0,
        };
        return [Number(row.doc), view];
      }),
    );
  }

  sessionExists(sessionId: string): boolean {
    return this.sql.value('SELECT 1 FROM sessions WHERE id = ?', [sessionId]) !== undefined;
  }
}
