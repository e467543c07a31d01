import MiniSearch from 'minisearch';
import { normalizeTerm, tokenize } from './tokenize';

export interface ChunkDocument {
  id: string;
  contentId: string;
  filename: string;
  text: string;
  startLine: number;
  endLine: number;
}

/** One hit of `keyword_search`: where it is, how well it ranks (BM25), and its text. */
export interface ChunkHit {
  contentId: string;
  chunkId: string;
  filename: string;
  score: number;
  text: string;
  startLine: number;
  endLine: number;
}

/**
 * BM25 keyword search over the chunks of one session's documents, one index per session (the
 * original shared one index between all sessions and filtered afterwards). Built from SQLite on
 * first use and dropped when the session's documents change, so it is never stale; a session's
 * documents are small enough to index in milliseconds.
 */
export class ChunkIndex {
  private readonly indexes = new Map<string, MiniSearch<ChunkDocument>>();

  constructor(private readonly load: (sessionId: string) => ChunkDocument[]) {}

  search(sessionId: string, query: string, topN: number): ChunkHit[] {
    const index = this.indexFor(sessionId);
    return index
      .search(query)
      .slice(0, topN)
      .map((result) => ({
        contentId: result.contentId as string,
        chunkId: result.id as string,
        filename: result.filename as string,
        score: Math.round(result.score * 1000) / 1000,
        text: result.text as string,
        startLine: result.startLine as number,
        endLine: result.endLine as number,
      }));
  }

  /** Forget a session's index; the next search rebuilds it from the database. */
  invalidate(sessionId: string): void {
    this.indexes.delete(sessionId);
  }

  private indexFor(sessionId: string): MiniSearch<ChunkDocument> {
    let index = this.indexes.get(sessionId);
    if (!index) {
      index = new MiniSearch<ChunkDocument>({
        fields: ['text', 'filename'],
        storeFields: ['contentId', 'filename', 'text', 'startLine', 'endLine'],
        tokenize,
        processTerm: normalizeTerm,
        searchOptions: { prefix: true, fuzzy: 0.2, boost: { filename: 0.5 } },
      });
      index.addAll(this.load(sessionId));
      this.indexes.set(sessionId, index);
    }
    return index;
  }
}
