import { sliceLines } from './content-input';
import type { ContentListOptions, ContentStoreRepository } from './repositories';
import type { Chunk, ContentItem, ContentSummary, LineRange, NewChunk, NewContent, Store } from '../../shared/entities';
import { requireId } from '../../shared/validate';

/** Full texts kept in memory, in UTF-16 code units: a few large documents, or many small ones. */
const DEFAULT_BUDGET = 32 * 1024 * 1024;

/**
 * The content store (docs/architecture.md, "Content store"): reads of full texts are served from an in-memory
 * LRU cache, every write goes through to SQLite first, and the cache fills from SQLite on demand,
 * so after a restart nothing is missing (the original read only from memory and lost every file).
 *
 * Only committed data is cached: nothing is cached inside a transaction, which could still roll
 * back; writes evict what they touch. `last_accessed_at` is still written on every read.
 */
export class CachedContentStore implements ContentStoreRepository {
  private readonly items = new Map<string, ContentItem>();
  private size = 0;

  constructor(
    private readonly store: ContentStoreRepository,
    private readonly inTransaction: () => boolean,
    private readonly touch: (contentId: string) => string,
    private readonly budget = DEFAULT_BUDGET,
  ) {}

  createStore(sessionId: string, details?: { name?: string; description?: string }): Store {
    return this.store.createStore(sessionId, details);
  }

  getStore(sessionId: string): Store | null {
    return this.store.getStore(sessionId);
  }

  addContent(sessionId: string, content: NewContent, chunks: NewChunk[]): ContentSummary {
    return this.store.addContent(sessionId, content, chunks);
  }

  listContents(sessionId: string, options?: ContentListOptions): ContentSummary[] {
    return this.store.listContents(sessionId, options);
  }

  getContent(sessionId: string, contentId: string): ContentItem {
    const cached = this.cached(sessionId, contentId);
    if (!cached) return this.remember(this.store.getContent(sessionId, contentId));
    cached.lastAccessedAt = this.touch(contentId);
    return { ...cached };
  }

  readLines(sessionId: string, contentId: string, fromLine: number, toLine: number): LineRange {
    const cached = this.cached(sessionId, contentId);
    if (!cached) {
      const range = this.store.readLines(sessionId, contentId, fromLine, toLine);
      this.remember(this.store.getContent(sessionId, contentId));
      return range;
    }
    const range = sliceLines(contentId, cached.filename, cached.content, fromLine, toLine);
    cached.lastAccessedAt = this.touch(contentId);
    return range;
  }

  listChunks(sessionId: string, contentId: string): Chunk[] {
    return this.store.listChunks(sessionId, contentId);
  }

  deleteContent(sessionId: string, contentId: string): void {
    this.forget(contentId);
    this.store.deleteContent(sessionId, contentId);
  }

  deleteBySession(sessionId: string): void {
    for (const item of [...this.items.values()]) if (item.sessionId === sessionId) this.forget(item.id);
    this.store.deleteBySession(sessionId);
  }

  /** How many items are cached now (for tests and diagnostics). */
  get cachedCount(): number {
    return this.items.size;
  }

  private cached(sessionId: string, contentId: string): ContentItem | undefined {
    requireId(sessionId, 'session_id');
    requireId(contentId, 'content_id');
    const item = this.items.get(contentId);
    if (!item || item.sessionId !== sessionId) return undefined;
    // Map order is insertion order: re-inserting marks it most recently used.
    this.items.delete(contentId);
    this.items.set(contentId, item);
    return item;
  }

  private remember(item: ContentItem): ContentItem {
    if (this.inTransaction() || item.content.length > this.budget) return item;
    this.forget(item.id);
    this.items.set(item.id, { ...item });
    this.size += item.content.length;
    for (const [id] of this.items) {
      if (this.size <= this.budget) break;
      this.forget(id);
    }
    return item;
  }

  private forget(contentId: string): void {
    const item = this.items.get(contentId);
    if (!item) return;
    this.items.delete(contentId);
    this.size -= item.content.length;
  }
}
