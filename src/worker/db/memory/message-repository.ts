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
import type { MemoryDatabase } from './memory-database';
import { copy, type StoredMessage } from './memory-state';

const byHistoryOrder = (a: StoredMessage, b: StoredMessage) => a.message.createdAt - b.message.createdAt || a.seq - b.seq;

export class MemoryMessageRepository implements MessageRepository {
  constructor(private readonly db: MemoryDatabase) {}

  getPage(sessionId: string, page: number, pageSize: number): Page<Message> {
    requireId(sessionId, 'session_id');
    const args = requirePageArgs(page, pageSize);
    const all = this.history(sessionId);
    return {
      items: all.slice(args.offset, args.offset + args.pageSize).map((stored) => copy(stored.message)),
      page: args.page,
      pageSize: args.pageSize,
      totalItems: all.length,
      hasNext: args.offset + args.pageSize < all.length,
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
    const stored = this.db.state.messages.get(messageId);
    if (!stored) throw notFound(`Message ${messageId} does not exist.`);
    return copy(stored.message);
  }

  countBySession(sessionId: string): number {
    requireId(sessionId, 'session_id');
    return this.history(sessionId).length;
  }

  listStreaming(): Message[] {
    return [...this.db.state.messages.values()]
      .filter((stored) => stored.message.isStreaming)
      .sort(byHistoryOrder)
      .map((stored) => copy(stored.message));
  }

  insert(message: Message): void {
    const clean = validateMessage(message);
    this.db.transaction(() => this.upsertAll([clean]));
  }

  insertMany(messages: Message[]): void {
    const clean = requireMessageList(messages);
    this.db.transaction(() => this.upsertAll(clean));
  }

  deleteById(messageId: string): void {
    const message = this.get(messageId);
    this.db.state.messages.delete(messageId);
    this.bumpChangeSeq(message.sessionId);
  }

  deleteBySession(sessionId: string): number {
    requireId(sessionId, 'session_id');
    const doomed = this.history(sessionId);
    for (const stored of doomed) this.db.state.messages.delete(stored.message.id);
    if (doomed.length > 0) this.bumpChangeSeq(sessionId);
    return doomed.length;
  }

  updateIndexMeta(sessionId: string, update: IndexMetaUpdate): void {
    requireId(sessionId, 'session_id');
    requireObject(update, 'Index metadata');
    const indexPath = optionalText(update.indexPath, 'index_path');
    const docCount = requireNonNegativeInteger(update.docCount, 'doc_count');
    const duration = requireNonNegativeInteger(update.rebuildDurationMs, 'rebuild_duration_ms');
    const version = requireNonNegativeInteger(update.indexVersion ?? CURRENT_INDEX_VERSION, 'index_version');
    if (!this.db.state.sessions.has(sessionId)) throw notFound(`Session ${sessionId} does not exist.`);
    const current = this.db.state.indexMeta.get(sessionId)?.changeSeq ?? 0;
    const asOf = update.asOfChangeSeq === undefined ? current : requireNonNegativeInteger(update.asOfChangeSeq, 'asOfChangeSeq');
    if (asOf > current) throw invalidInput(`asOfChangeSeq ${asOf} is ahead of the session's changes (${current}).`);
    this.db.state.indexMeta.set(sessionId, {
      sessionId,
      indexPath,
      lastIndexedAt: this.db.now(),
      docCount,
      indexVersion: version,
      lastRebuildDurationMs: duration,
      changeSeq: current,
      indexedSeq: asOf,
    });
  }

  getIndexMeta(sessionId: string): (IndexMeta & { changeSeq: number; indexedSeq: number }) | null {
    requireId(sessionId, 'session_id');
    const meta = this.db.state.indexMeta.get(sessionId);
    return meta ? copy(meta) : null;
  }

  getLastIndexedAt(sessionId: string): number {
    return this.getIndexMeta(sessionId)?.lastIndexedAt ?? 0;
  }

  isIndexDirty(sessionId: string): boolean {
    const meta = this.getIndexMeta(sessionId);
    if (meta) return meta.changeSeq > meta.indexedSeq;
    return this.history(sessionId).length > 0;
  }

  private upsertAll(messages: Message[]): void {
    const { state } = this.db;
    const newestBySession = new Map<string, number>();
    for (const message of messages) {
      if (!state.sessions.has(message.sessionId)) {
        throw notFound(`Session ${message.sessionId} does not exist: create it before adding messages.`);
      }
      const existing = state.messages.get(message.id);
      if (existing && existing.message.sessionId !== message.sessionId) {
        throw invalidInput(`Message ${message.id} belongs to another session; a message cannot move between sessions.`);
      }
      state.messages.set(message.id, {
        message: { ...copy(message), createdAt: existing?.message.createdAt ?? message.createdAt },
        seq: existing?.seq ?? this.db.nextSeq(),
      });
      newestBySession.set(message.sessionId, Math.max(newestBySession.get(message.sessionId) ?? 0, message.createdAt));
    }
    for (const [sessionId, newest] of newestBySession) {
      this.bumpChangeSeq(sessionId);
      const session = state.sessions.get(sessionId);
      if (session && session.updatedAt < newest) session.updatedAt = newest;
    }
  }

  private bumpChangeSeq(sessionId: string): void {
    const { indexMeta } = this.db.state;
    const meta = indexMeta.get(sessionId);
    if (meta) {
      meta.changeSeq++;
      return;
    }
    indexMeta.set(sessionId, {
      sessionId,
      indexPath: null,
      lastIndexedAt: 0,
      docCount: 0,
      indexVersion: CURRENT_INDEX_VERSION,
      lastRebuildDurationMs: null,
      changeSeq: 1,
      indexedSeq: 0,
    });
  }

  private history(sessionId: string): StoredMessage[] {
    return [...this.db.state.messages.values()].filter((stored) => stored.message.sessionId === sessionId).sort(byHistoryOrder);
  }

  private slice(sessionId: string, anchorId: string | null, limit: number, direction: 'before' | 'after'): MessageSlice {
    requireId(sessionId, 'session_id');
    const size = requireLimit(limit);
    const all = this.history(sessionId);
    let start = 0;
    let end = all.length;
    if (anchorId !== null && anchorId !== undefined) {
      requireId(anchorId, 'Anchor message id');
      const at = all.findIndex((stored) => stored.message.id === anchorId);
      if (at < 0) throw notFound(`Message ${anchorId} is not in session ${sessionId}.`);
      if (direction === 'before') end = at;
      else start = at + 1;
    }
    const picked = direction === 'before' ? all.slice(Math.max(start, end - size), end) : all.slice(start, start + size);
    const hasMore = end - start > size;
    return { items: picked.map((stored) => copy(stored.message)), hasMore };
  }
}
