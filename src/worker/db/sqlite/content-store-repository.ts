import { prepareContent, sliceLines } from '../content-input';
import { invalidInput, notFound } from '../../../shared/errors';
import type { ContentListOptions, ContentStoreRepository } from '../repositories';
import type { Chunk, ContentItem, ContentSummary, LineRange, NewChunk, NewContent, Store } from '../../../shared/entities';
import { optionalText, requireId, requireObject, requireWindow } from '../../../shared/validate';
import { rowToChunk } from './chunk-rows';
import type { Row, SqlClient } from './sql-client';

const SUMMARY_COLUMNS =
  'id, session_id, filename, mime_type, size, line_count, preview, uploaded_at, chunk_count, last_accessed_at';

export class SqliteContentStoreRepository implements ContentStoreRepository {
  constructor(
    private readonly sql: SqlClient,
    private readonly now: () => number,
  ) {}

  createStore(sessionId: string, details: { name?: string; description?: string } = {}): Store {
    requireId(sessionId, 'session_id');
    requireObject(details, 'Store details');
    const name = optionalText(details.name, 'Store name');
    const description = optionalText(details.description, 'Store description');
    return this.sql.transaction(() => {
      const existing = this.getStore(sessionId);
      if (existing) return existing;
      if (this.sql.value('SELECT 1 FROM sessions WHERE id = ?', [sessionId]) === undefined) {
        throw notFound(`Session ${sessionId} does not exist.`);
      }
      const at = this.isoNow();
      this.sql.run('INSERT INTO stores (session_id, name, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?)', [
        sessionId,
        name,
        description,
        at,
        at,
      ]);
      return this.getStore(sessionId) as Store;
    });
  }

  getStore(sessionId: string): Store | null {
    requireId(sessionId, 'session_id');
    const row = this.sql.get('SELECT * FROM stores WHERE session_id = ?', [sessionId]);
    if (!row) return null;
    return {
      sessionId: String(row.session_id),
      name: row.name === null ? null : String(row.name),
      description: row.description === null ? null : String(row.description),
      createdAt: String(row.created_at),
      updatedAt: String(row.updated_at),
    };
  }

  addContent(sessionId: string, content: NewContent, chunks: NewChunk[]): ContentSummary {
    requireId(sessionId, 'session_id');
    const prepared = prepareContent(content, chunks, this.isoNow());
    const { item } = prepared;
    return this.sql.transaction(() => {
      this.createStore(sessionId);
      if (this.sql.value('SELECT 1 FROM contents WHERE id = ?', [item.id]) !== undefined) {
        throw invalidInput(`A content item with id ${item.id} already exists.`);
      }
      this.sql.run(`INSERT INTO contents (${SUMMARY_COLUMNS}, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
        item.id,
        sessionId,
        item.filename,
        item.mimeType,
        item.size,
        item.lineCount,
        item.preview,
        item.uploadedAt,
        item.chunkCount,
        item.lastAccessedAt,
        item.content,
      ]);
      prepared.chunks.forEach((chunk, index) => {
        this.sql.run(
          'INSERT INTO chunks (id, content_id, chunk_index, text, start_line, end_line, page, sheet) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          [chunk.id, item.id, index, chunk.text, chunk.startLine, chunk.endLine, chunk.page, chunk.sheet],
        );
      });
      this.sql.run('UPDATE stores SET updated_at = ? WHERE session_id = ?', [item.uploadedAt, sessionId]);
      const { content: _text, ...summary } = item;
      return { ...summary, sessionId };
    });
  }

  listContents(sessionId: string, options: ContentListOptions = {}): ContentSummary[] {
    requireId(sessionId, 'session_id');
    const { offset, limit } = requireWindow(options, 100);
    return this.sql
      .all(`SELECT ${SUMMARY_COLUMNS} FROM contents WHERE session_id = ? ORDER BY rowid LIMIT ? OFFSET ?`, [
        sessionId,
        limit,
        offset,
      ])
      .map(rowToSummary);
  }

  getContent(sessionId: string, contentId: string): ContentItem {
    const item = this.find(sessionId, contentId);
    item.lastAccessedAt = this.touch(contentId);
    return item;
  }

  readLines(sessionId: string, contentId: string, fromLine: number, toLine: number): LineRange {
    const item = this.find(sessionId, contentId);
    const range = sliceLines(contentId, item.filename, item.content, fromLine, toLine);
    this.touch(contentId);
    return range;
  }

  /** Records a read of the item now; returns the time written. */
  touch(contentId: string): string {
    const at = this.isoNow();
    this.sql.run('UPDATE contents SET last_accessed_at = ? WHERE id = ?', [at, contentId]);
    return at;
  }

  listChunks(sessionId: string, contentId: string): Chunk[] {
    this.requireContentInSession(sessionId, contentId);
    return this.sql.all('SELECT * FROM chunks WHERE content_id = ? ORDER BY chunk_index', [contentId]).map(rowToChunk);
  }

  deleteContent(sessionId: string, contentId: string): void {
    this.sql.transaction(() => {
      this.requireContentInSession(sessionId, contentId);
      this.sql.run('DELETE FROM chunks WHERE content_id = ?', [contentId]);
      this.sql.run('DELETE FROM contents WHERE id = ?', [contentId]);
    });
  }

  deleteBySession(sessionId: string): void {
    requireId(sessionId, 'session_id');
    this.sql.transaction(() => {
      this.sql.run('DELETE FROM chunks WHERE content_id IN (SELECT id FROM contents WHERE session_id = ?)', [sessionId]);
      this.sql.run('DELETE FROM contents WHERE session_id = ?', [sessionId]);
      this.sql.run('DELETE FROM stores WHERE session_id = ?', [sessionId]);
    });
  }

  private find(sessionId: string, contentId: string): ContentItem {
    this.requireContentInSession(sessionId, contentId);
    const row = this.sql.get(`SELECT ${SUMMARY_COLUMNS}, content FROM contents WHERE id = ?`, [contentId]) as Row;
    return { ...rowToSummary(row), content: String(row.content) };
  }

  private requireContentInSession(sessionId: string, contentId: string): void {
    requireId(sessionId, 'session_id');
    requireId(contentId, 'content_id');
    if (this.sql.value('SELECT 1 FROM contents WHERE id = ? AND session_id = ?', [contentId, sessionId]) === undefined) {
      throw notFound(`Content ${contentId} is not in this session's store.`);
    }
  }

  private isoNow(): string {
    return new Date(this.now()).toISOString();
  }
}

export function rowToSummary(row: Row): ContentSummary {
  return {
    id: String(row.id),
    sessionId: String(row.session_id),
    filename: String(row.filename),
    mimeType: String(row.mime_type),
    size: Number(row.size),
    lineCount: Number(row.line_count),
    preview: String(row.preview),
    uploadedAt: String(row.uploaded_at),
    chunkCount: Number(row.chunk_count),
    lastAccessedAt: String(row.last_accessed_at),
  };
}
