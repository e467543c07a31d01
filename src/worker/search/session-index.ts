import MiniSearch, { type AsPlainObject, type Options, type SearchResult } from 'minisearch';
import type { Role } from '../../shared/entities';
import { CURRENT_INDEX_VERSION } from '../db/repositories';
import { normalizeTerm, tokenize } from './tokenize';

/** What the index holds of a message or of a document chunk. */
export interface IndexedDocument {
  /** `m:<message id>` or `c:<chunk id>`: one id space for both kinds. */
  id: string;
  text: string;
  /** Documents only: the file name, searchable with a lower weight than the text. */
  filename?: string;
  role?: Role;
  /** When it was written (messages) or stored (documents), Unix ms: the date filter. */
  at: number;
}

export interface IndexHit {
  kind: 'message' | 'chunk';
  /** The message or chunk id, without the kind prefix. */
  id: string;
  score: number;
  /** Index terms that matched (normalized), for highlighting. */
  terms: string[];
  role?: Role;
  at: number;
}

export interface HitFilter {
  /** Only messages of this role; 'document' keeps only document chunks. */
  role?: Role | 'document';
  from?: number;
  to?: number;
}

interface StoredFields {
  role?: Role;
  at: number;
}

/**
 * The index file's format is the index version message_index_meta records: one number, so the
 * service's check (the meta's version) and this file's own check can never disagree. Bump
 * CURRENT_INDEX_VERSION whenever tokenization, fields or the file layout change.
 */
const INDEX_FORMAT_VERSION = CURRENT_INDEX_VERSION;

const MESSAGE = 'm:';
const CHUNK = 'c:';

const OPTIONS: Options<IndexedDocument> = {
  fields: ['text', 'filename'],
  storeFields: ['role', 'at'],
  tokenize,
  processTerm: normalizeTerm,
  searchOptions: {
    // Every word must match (the last one as a prefix while the user types). Prefix from two
    // characters ("안녕" is a whole Korean word's start); typos forgiven from five, where a
    // one-letter slip cannot turn a word into another common one.
    combineWith: 'AND',
    prefix: (term) => term.length >= 2,
    fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
    boost: { filename: 0.5 },
  },
};

interface PersistedIndex {
  format: number;
  seq: number;
  contents: Record<string, string[]>;
  index: AsPlainObject;
}

/**
 * The search index of one session: its messages and its documents' chunks, in one minisearch
 * index (BM25). It remembers how far it has caught up (`seq`, the session's message change
 * counter) and which documents it holds, so the indexer only reads what changed since.
 */
export class SessionIndex {
  /** The change counter of the session's messages that this index reflects. */
  seq = 0;
  private readonly messageIds = new Set<string>();
  /** Document id → its chunk ids: documents are added and removed whole. */
  private readonly contents = new Map<string, string[]>();

  private constructor(private readonly index: MiniSearch<IndexedDocument>) {}

  static empty(): SessionIndex {
    return new SessionIndex(new MiniSearch<IndexedDocument>(OPTIONS));
  }

  /** Reads a persisted index; throws on anything damaged or of another format version. */
  static async fromJSON(json: string): Promise<SessionIndex> {
    const data = JSON.parse(json) as PersistedIndex;
    if (!data || data.format !== INDEX_FORMAT_VERSION || typeof data.seq !== 'number' || typeof data.contents !== 'object') {
      throw new Error('The search index file is of another version or damaged.');
    }
    const restored = new SessionIndex(await MiniSearch.loadJSAsync<IndexedDocument>(data.index, OPTIONS));
    restored.seq = data.seq;
    for (const [contentId, chunkIds] of Object.entries(data.contents)) restored.contents.set(contentId, chunkIds);
    for (const id of Object.values(data.index.documentIds)) {
      if (typeof id === 'string' && id.startsWith(MESSAGE)) restored.messageIds.add(id.slice(MESSAGE.length));
    }
    return restored;
  }

  /** Compacts, then serializes (discarded entries would otherwise be written too). */
  async toJSON(): Promise<string> {
    if (this.index.dirtCount > 0) await this.index.vacuum();
    const data: PersistedIndex = {
      format: INDEX_FORMAT_VERSION,
      seq: this.seq,
      contents: Object.fromEntries(this.contents),
      index: this.index.toJSON(),
    };
    return JSON.stringify(data);
  }

  get documentCount(): number {
    return this.index.documentCount;
  }

  get messageCount(): number {
    return this.messageIds.size;
  }

  hasMessage(messageId: string): boolean {
    return this.messageIds.has(messageId);
  }

  /** Message ids the index holds, for finding those deleted meanwhile. */
  indexedMessageIds(): IterableIterator<string> {
    return this.messageIds.values();
  }

  /** Adds a message, or replaces what the index had of it (an upsert or an edit). */
  putMessage(messageId: string, text: string, role: Role, at: number): void {
    const id = MESSAGE + messageId;
    if (this.index.has(id)) this.index.discard(id);
    this.index.add({ id, text, role, at });
    this.messageIds.add(messageId);
  }

  removeMessage(messageId: string): void {
    const id = MESSAGE + messageId;
    if (this.index.has(id)) this.index.discard(id);
    this.messageIds.delete(messageId);
  }

  hasContent(contentId: string): boolean {
    return this.contents.has(contentId);
  }

  indexedContentIds(): IterableIterator<string> {
    return this.contents.keys();
  }

  putContent(contentId: string, filename: string, at: number, chunks: { id: string; text: string }[]): void {
    this.removeContent(contentId);
    this.index.addAll(chunks.map((chunk) => ({ id: CHUNK + chunk.id, text: chunk.text, filename, at })));
    this.contents.set(
      contentId,
      chunks.map((chunk) => chunk.id),
    );
  }

  removeContent(contentId: string): void {
    for (const chunkId of this.contents.get(contentId) ?? []) {
      if (this.index.has(CHUNK + chunkId)) this.index.discard(CHUNK + chunkId);
    }
    this.contents.delete(contentId);
  }

  /**
   * The best `limit` hits, best first. `every` word must match (a search box), or `any` of them
   * (a question's words, as the keyword_search tool gets them), ranked by BM25 either way.
   */
  search(query: string, filter: HitFilter, limit: number, match: 'every' | 'any' = 'every'): IndexHit[] {
    const keep = (result: SearchResult) => matchesFilter(result, filter);
    return this.index
      .search(query, { filter: keep, combineWith: match === 'every' ? 'AND' : 'OR' })
      .slice(0, limit)
      .map((result) => {
        const id = String(result.id);
        const stored = result as unknown as StoredFields;
        const isMessage = id.startsWith(MESSAGE);
        return {
          kind: isMessage ? ('message' as const) : ('chunk' as const),
          id: id.slice(2),
          score: result.score,
          terms: result.terms,
          role: stored.role,
          at: stored.at,
        };
      });
  }
}

function matchesFilter(result: SearchResult, filter: HitFilter): boolean {
  const { role, at } = result as unknown as StoredFields;
  if (filter.role === 'document' ? role !== undefined : filter.role !== undefined && role !== filter.role) return false;
  if (filter.from !== undefined && at < filter.from) return false;
  if (filter.to !== undefined && at > filter.to) return false;
  return true;
}
