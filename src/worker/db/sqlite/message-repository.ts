import type { SqlValue } from '@sqlite.org/sqlite-wasm';
import { invalidInput, notFound } from '../../../shared/errors';
import { CURRENT_INDEX_VERSION, type IndexMetaUpdate, type MessageRepository } from '../repositories';
import type { IndexMeta, Message, MessageSlice, Page } from '../../../shared/entities';
import {
  optionalText,
  requireId,
  requireLimit,
  requireMessageList,
  requireNonNegativeInteger,
  requireObject,
  requirePageArgs,
  validateMessage,
} from '../../../shared/validate';
import { MESSAGE_COLUMNS, messageToParams, rowToMessage } from './message-rows';
import { PageAnchors } from './page-anchors';
import { isWellFormed } from './sql-text';
import type { Row, SqlClient } from './sql-client';

// The search index learns of this write from a trigger (migration 0004), in the same transaction.
const UPSERT = `
  INSERT INTO messages (${MESSAGE_COLUMNS})
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT(id) DO UPDATE SET
    role = excluded.role, content = excluded.content, tool_calls = excluded.tool_calls,
    tool_call_id = excluded.tool_call_id, is_streaming = excluded.is_streaming,
    thinking = excluded.thinking, thinking_signature = excluded.thinking_signature,
    assistant_id = excluded.assistant_id, attachments = excluded.attachments,
    tool_use = excluded.tool_use, updated_at = excluded.updated_at, source = excluded.source,
    error = excluded.error
  WHERE messages.session_id = excluded.session_id`;

const ROW_VALUES = 'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';

// insert_many's rows in one statement: the batch is bound as one JSON array of rows, each the
// UPSERT's parameters in order (messageToParams), which SQLite takes apart itself, instead of
// sixteen values per row bound one by one across the wasm boundary. The same upsert (one ON
// CONFLICT clause for both), its rows read from the JSON instead of bound.
const UPSERT_MANY = UPSERT.replace(
  ROW_VALUES,
  `SELECT ${Array.from({ length: 16 }, (_, column) => `value ->> ${column}`).join(', ')} FROM json_each(?) WHERE true`,
);

const BUMP_CHANGE_SEQ = `
  INSERT INTO message_index_meta (session_id, change_seq) VALUES (?, 1)
  ON CONFLICT(session_id) DO UPDATE SET change_seq = change_seq + 1`;

// The session's count and order stamp, kept by migration 0006's triggers.
const COUNTED = 'SELECT message_count, order_stamp FROM message_counts WHERE session_id = ?';
const COUNT = 'SELECT COUNT(1) FROM messages WHERE session_id = ?';
const PAGE = `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE session_id = ?
         ORDER BY created_at, rowid LIMIT ? OFFSET ?`;
const PAGE_FROM = `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE session_id = ? AND (created_at, rowid) >= (?, ?)
         ORDER BY created_at, rowid LIMIT ? OFFSET ?`;

/** How many messages apart the OFFSET pages' anchors are (page-anchors.ts). */
export const PAGE_ANCHOR_SPACING = 128;

const TOUCH_SESSION = 'UPDATE sessions SET updated_at = ?2 WHERE id = ?1 AND updated_at < ?2';

export class SqliteMessageRepository implements MessageRepository {
  private readonly anchors: PageAnchors;

  constructor(
    private readonly sql: SqlClient,
    private readonly now: () => number,
    anchorSpacing = PAGE_ANCHOR_SPACING,
  ) {
    this.anchors = new PageAnchors(sql, anchorSpacing);
  }

  getPage(sessionId: string, page: number, pageSize: number): Page<Message> {
    requireId(sessionId, 'session_id');
    const args = requirePageArgs(page, pageSize);
    const counted = this.sql.get(COUNTED, [sessionId]);
    let totalItems: number;
    let items: Message[];
    if (counted) {
      totalItems = Number(counted.message_count);
      items = args.offset >= totalItems ? [] : this.pageFromAnchor(sessionId, counted.order_stamp, args);
    } else {
      // A session that never had a message has no row (migration 0006); counted the slow way, in case.
      totalItems = Number(this.sql.value(COUNT, [sessionId]));
      items = this.sql.all(PAGE, [sessionId, args.pageSize, args.offset]).map(rowToMessage);
    }
    return {
      items,
      page: args.page,
      pageSize: args.pageSize,
      totalItems,
      hasNext: args.offset + args.pageSize < totalItems,
      hasPrev: args.page > 1,
    };
  }

  listBefore(sessionId: string, beforeId: string | null, limit: number): MessageSlice {
    return this.slice(sessionId, beforeId, limit, 'before');
  }

  listAfter(sessionId: string, afterId: string | null, limit: number): MessageSlice {
    return this.slice(sessionId, afterId, limit, 'after');
  }

  get(messageId: string): Message {
    requireId(messageId, 'Message id');
    const row = this.sql.get(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = ?`, [messageId]);
    if (!row) throw notFound(`Message ${messageId} does not exist.`);
    return rowToMessage(row);
  }

  countBySession(sessionId: string): number {
    requireId(sessionId, 'session_id');
    return Number(this.sql.get(COUNTED, [sessionId])?.message_count ?? this.sql.value(COUNT, [sessionId]));
  }

  listStreaming(): Message[] {
    return this.sql
      .all(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE is_streaming = 1 ORDER BY created_at, rowid`)
      .map(rowToMessage);
  }

  insert(message: Message): void {
    const clean = validateMessage(message);
    this.sql.transaction(() => {
      this.markChanged(clean.sessionId, clean.createdAt);
      this.upsert(clean);
    });
  }

  insertMany(messages: Message[]): void {
    const clean = requireMessageList(messages);
    if (clean.length === 0) return;
    this.sql.transaction(() => {
      if (!this.insertBatch(clean)) this.insertRowByRow(clean);
    });
  }

  /**
   * Writes the whole batch with one statement (UPSERT_MANY). Returns false, having written
   * nothing, when a row is refused (an unknown session, an id another session has, a constraint):
   * the row-by-row path then finds the first bad row and names it. Also false, before trying, for
   * text JSON cannot carry as the row-by-row path stores it (a lone surrogate: sql-text.ts).
   */
  private insertBatch(messages: Message[]): boolean {
    const rows = messages.map(messageToParams);
    if (!rows.every((row) => row.every((value) => typeof value !== 'string' || isWellFormed(value)))) return false;
    try {
      return this.sql.transaction(() => {
        for (const [sessionId, newest] of newestBySession(messages)) this.markChanged(sessionId, newest);
        if (this.sql.run(UPSERT_MANY, [JSON.stringify(rows)]) !== rows.length) throw invalidInput('A row was refused.');
        return true;
      });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'InvalidInput' || code === 'NotFound') return false;
      throw error;
    }
  }

  private insertRowByRow(messages: Message[]): void {
    const seen = new Set<string>();
    for (const message of messages) {
      // A session's counter is bumped before its first row; in order, so the first bad message is
      // the one reported.
      if (!seen.has(message.sessionId)) this.markChanged(message.sessionId, message.createdAt);
      seen.add(message.sessionId);
      this.upsert(message);
    }
    for (const [sessionId, newest] of newestBySession(messages)) this.sql.run(TOUCH_SESSION, [sessionId, newest]);
  }

  deleteById(messageId: string): void {
    requireId(messageId, 'Message id');
    this.sql.transaction(() => {
      const sessionId = this.sql.value('SELECT session_id FROM messages WHERE id = ?', [messageId]);
      if (sessionId === undefined) throw notFound(`Message ${messageId} does not exist.`);
      this.sql.run('DELETE FROM messages WHERE id = ?', [messageId]);
      this.sql.run(BUMP_CHANGE_SEQ, [String(sessionId)]);
    });
  }

  deleteBySession(sessionId: string): number {
    requireId(sessionId, 'session_id');
    return this.sql.transaction(() => {
      const deleted = this.sql.run('DELETE FROM messages WHERE session_id = ?', [sessionId]);
      if (deleted > 0) this.sql.run(BUMP_CHANGE_SEQ, [sessionId]);
      return deleted;
    });
  }

  updateIndexMeta(sessionId: string, update: IndexMetaUpdate): void {
    requireId(sessionId, 'session_id');
    requireObject(update, 'Index metadata');
    const indexPath = optionalText(update.indexPath, 'index_path');
    const docCount = requireNonNegativeInteger(update.docCount, 'doc_count');
    const duration = requireNonNegativeInteger(update.rebuildDurationMs, 'rebuild_duration_ms');
    const version = requireNonNegativeInteger(update.indexVersion ?? CURRENT_INDEX_VERSION, 'index_version');
    this.sql.transaction(() => {
      if (this.sql.value('SELECT 1 FROM sessions WHERE id = ?', [sessionId]) === undefined) {
        throw notFound(`Session ${sessionId} does not exist.`);
      }
      const current = Number(this.sql.value('SELECT change_seq FROM message_index_meta WHERE session_id = ?', [sessionId]) ?? 0);
      const asOf =
        update.asOfChangeSeq === undefined ? current : requireNonNegativeInteger(update.asOfChangeSeq, 'asOfChangeSeq');
      if (asOf > current) throw invalidInput(`asOfChangeSeq ${asOf} is ahead of the session's changes (${current}).`);
      this.sql.run(
        `INSERT INTO message_index_meta
           (session_id, index_path, last_indexed_at, doc_count, index_version, last_rebuild_duration_ms, indexed_seq)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(session_id) DO UPDATE SET
           index_path = excluded.index_path, last_indexed_at = excluded.last_indexed_at,
           doc_count = excluded.doc_count, index_version = excluded.index_version,
           last_rebuild_duration_ms = excluded.last_rebuild_duration_ms, indexed_seq = excluded.indexed_seq`,
        [sessionId, indexPath, this.now(), docCount, version, duration, asOf],
      );
    });
  }

  getIndexMeta(sessionId: string): (IndexMeta & { changeSeq: number; indexedSeq: number }) | null {
    requireId(sessionId, 'session_id');
    const row = this.sql.get('SELECT * FROM message_index_meta WHERE session_id = ?', [sessionId]);
    return row ? rowToIndexMeta(row) : null;
  }

  getLastIndexedAt(sessionId: string): number {
    return this.getIndexMeta(sessionId)?.lastIndexedAt ?? 0;
  }

  isIndexDirty(sessionId: string): boolean {
    const meta = this.getIndexMeta(sessionId);
    if (meta) return meta.changeSeq > meta.indexedSeq;
    // No metadata but messages (e.g. metadata deleted by hand): nothing of them is indexed.
    return this.sql.value('SELECT 1 FROM messages WHERE session_id = ? LIMIT 1', [sessionId]) !== undefined;
  }

  private upsert(message: Message): void {
    const changed = this.sql.run(UPSERT, messageToParams(message));
    if (changed === 0) {
      // The id is taken by another session's message, so the upsert did nothing; an unknown
      // target session is still the first thing wrong with it, as the in-memory twin says.
      if (this.sql.value('SELECT 1 FROM sessions WHERE id = ?', [message.sessionId]) === undefined) {
        throw notFound(`Session ${message.sessionId} does not exist: create it before adding messages.`);
      }
      throw invalidInput(`Message ${message.id} belongs to another session; a message cannot move between sessions.`);
    }
  }

  private markChanged(sessionId: string, newestCreatedAt: number): void {
    try {
      this.sql.run(BUMP_CHANGE_SEQ, [sessionId]);
    } catch (error) {
      if ((error as { code?: string }).code === 'NotFound') {
        throw notFound(`Session ${sessionId} does not exist: create it before adding messages.`);
      }
      throw error;
    }
    this.sql.run(TOUCH_SESSION, [sessionId, newestCreatedAt]);
  }

  /** The page at `offset`: a seek to the anchor at or before it, then fewer than `spacing` steps. */
  private pageFromAnchor(sessionId: string, stamp: SqlValue, args: { offset: number; pageSize: number }): Message[] {
    const index = Math.floor(args.offset / this.anchors.spacing);
    const anchor = index === 0 ? undefined : this.anchors.keyAt(sessionId, stamp, index);
    const rows = anchor
      ? this.sql.all(PAGE_FROM, [
          sessionId,
          anchor.createdAt,
          anchor.rowid,
          args.pageSize,
          args.offset - index * this.anchors.spacing,
        ])
      : this.sql.all(PAGE, [sessionId, args.pageSize, args.offset]);
    return rows.map(rowToMessage);
  }

  private slice(sessionId: string, anchorId: string | null, limit: number, direction: 'before' | 'after'): MessageSlice {
    requireId(sessionId, 'session_id');
    const size = requireLimit(limit);
    const [compare, order] = direction === 'before' ? ['<', 'DESC'] : ['>', 'ASC'];
    let rows: Row[];
    if (anchorId === null || anchorId === undefined) {
      rows = this.sql.all(
        `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE session_id = ?
         ORDER BY created_at ${order}, rowid ${order} LIMIT ?`,
        [sessionId, size + 1],
      );
    } else {
      requireId(anchorId, 'Anchor message id');
      const anchor = this.sql.get('SELECT created_at, rowid AS rid FROM messages WHERE id = ? AND session_id = ?', [
        anchorId,
        sessionId,
      ]);
      if (!anchor) throw notFound(`Message ${anchorId} is not in session ${sessionId}.`);
      rows = this.sql.all(
        `SELECT ${MESSAGE_COLUMNS} FROM messages
         WHERE session_id = ? AND (created_at, rowid) ${compare} (?, ?)
         ORDER BY created_at ${order}, rowid ${order} LIMIT ?`,
        [sessionId, anchor.created_at, anchor.rid, size + 1],
      );
    }
    const hasMore = rows.length > size;
    const items = rows.slice(0, size).map(rowToMessage);
    if (direction === 'before') items.reverse();
    return { items, hasMore };
  }
}

/** Each session of `messages`, in order of first appearance, with its newest message's time. */
function newestBySession(messages: Message[]): Map<string, number> {
  const newest = new Map<string, number>();
  for (const { sessionId, createdAt } of messages) newest.set(sessionId, Math.max(newest.get(sessionId) ?? 0, createdAt));
  return newest;
}

function rowToIndexMeta(row: Row): IndexMeta & { changeSeq: number; indexedSeq: number } {
  return {
    sessionId: String(row.session_id),
    indexPath: row.index_path === null ? null : String(row.index_path),
    lastIndexedAt: Number(row.last_indexed_at ?? 0),
    docCount: Number(row.doc_count ?? 0),
    indexVersion: Number(row.index_version ?? 1),
    lastRebuildDurationMs: row.last_rebuild_duration_ms === null ? null : Number(row.last_rebuild_duration_ms),
    changeSeq: Number(row.change_seq),
    indexedSeq: Number(row.indexed_seq),
  };
}
