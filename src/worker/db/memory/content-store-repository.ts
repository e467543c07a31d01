import { prepareContent, sliceLines } from '../content-input';
import { invalidInput, notFound } from '../../../shared/errors';
import type { ContentListOptions, ContentStoreRepository } from '../repositories';
import type { Chunk, ContentItem, ContentSummary, LineRange, NewChunk, NewContent, Store } from '../../../shared/entities';
import { optionalText, requireId, requireObject, requireWindow } from '../../../shared/validate';
import type { MemoryDatabase } from './memory-database';
import { copy } from './memory-state';

export class MemoryContentStoreRepository implements ContentStoreRepository {
  constructor(private readonly db: MemoryDatabase) {}

  createStore(sessionId: string, details: { name?: string; description?: string } = {}): Store {
    requireId(sessionId, 'session_id');
    requireObject(details, 'Store details');
    const name = optionalText(details.name, 'Store name');
    const description = optionalText(details.description, 'Store description');
    const { state } = this.db;
    const existing = state.stores.get(sessionId);
    if (existing) return copy(existing);
    if (!state.sessions.has(sessionId)) throw notFound(`Session ${sessionId} does not exist.`);
    const at = this.isoNow();
    const store = { sessionId, name, description, createdAt: at, updatedAt: at };
    state.stores.set(sessionId, store);
    return copy(store);
  }

  getStore(sessionId: string): Store | null {
    requireId(sessionId, 'session_id');
    const store = this.db.state.stores.get(sessionId);
    return store ? copy(store) : null;
  }

  addContent(sessionId: string, content: NewContent, chunks: NewChunk[]): ContentSummary {
    requireId(sessionId, 'session_id');
    const prepared = prepareContent(content, chunks, this.isoNow());
    const { item } = prepared;
    return this.db.transaction(() => {
      this.createStore(sessionId);
      const { state } = this.db;
      if (state.contents.has(item.id)) throw invalidInput(`A content item with id ${item.id} already exists.`);
      const taken = new Set([...state.chunks.values()].flat().map((chunk) => chunk.id));
      const clash = prepared.chunks.find((chunk) => taken.has(chunk.id));
      if (clash) throw invalidInput(`A chunk with id ${clash.id} already exists.`);
      state.contents.set(item.id, { ...item, sessionId, seq: this.db.nextSeq() });
      state.chunks.set(
        item.id,
        prepared.chunks.map((chunk, chunkIndex) => ({ ...chunk, contentId: item.id, chunkIndex })),
      );
      (state.stores.get(sessionId) as Store).updatedAt = item.uploadedAt;
      const { content: _text, ...summary } = item;
      return { ...summary, sessionId };
    });
  }

  listContents(sessionId: string, options: ContentListOptions = {}): ContentSummary[] {
    requireId(sessionId, 'session_id');
    const { offset, limit } = requireWindow(options, 100);
    return [...this.db.state.contents.values()]
      .filter((item) => item.sessionId === sessionId)
      .sort((a, b) => a.seq - b.seq)
      .slice(offset, offset + limit)
      .map(({ content: _text, seq: _seq, ...summary }) => copy(summary));
  }

  getContent(sessionId: string, contentId: string): ContentItem {
    const stored = this.find(sessionId, contentId);
    stored.lastAccessedAt = this.isoNow();
    const { seq: _seq, ...item } = stored;
    return copy(item);
  }

  readLines(sessionId: string, contentId: string, fromLine: number, toLine: number): LineRange {
    const stored = this.find(sessionId, contentId);
    const range = sliceLines(contentId, stored.filename, stored.content, fromLine, toLine);
    stored.lastAccessedAt = this.isoNow();
    return range;
  }

  listChunks(sessionId: string, contentId: string): Chunk[] {
    this.find(sessionId, contentId);
    return copy(this.db.state.chunks.get(contentId) ?? []);
  }

  deleteContent(sessionId: string, contentId: string): void {
    this.find(sessionId, contentId);
    this.db.state.chunks.delete(contentId);
    this.db.state.contents.delete(contentId);
  }

  deleteBySession(sessionId: string): void {
    requireId(sessionId, 'session_id');
    const { state } = this.db;
    for (const item of [...state.contents.values()]) {
      if (item.sessionId !== sessionId) continue;
      state.chunks.delete(item.id);
      state.contents.delete(item.id);
    }
    state.stores.delete(sessionId);
  }

  private find(sessionId: string, contentId: string) {
    requireId(sessionId, 'session_id');
    requireId(contentId, 'content_id');
    const stored = this.db.state.contents.get(contentId);
    if (!stored || stored.sessionId !== sessionId) throw notFound(`Content ${contentId} is not in this session's store.`);
    return stored;
  }

  private isoNow(): string {
    return new Date(this.db.now()).toISOString();
  }
}
