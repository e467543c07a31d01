import type { Role } from '../../shared/entities';
import type { SnippetPart } from './snippet';

/** What the UI asks of search and gets back (re-exported for it by shared/api.ts). */

export interface SearchQuery {
  text: string;
  /** Only this session; every session when absent. */
  sessionId?: string;
  /** Only messages of this role, or only documents. */
  role?: Role | 'document';
  /** Written or stored at or after / before these times (Unix ms). */
  from?: number;
  to?: number;
  limit?: number;
}

interface HitBase {
  sessionId: string;
  sessionName: string;
  score: number;
  at: number;
  snippet: SnippetPart[];
}

export type SearchHit =
  | (HitBase & { kind: 'message'; messageId: string; role: Role })
  | (HitBase & { kind: 'document'; contentId: string; chunkId: string; filename: string; startLine: number; endLine: number });

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

export interface SearchResults {
  hits: SearchHit[];
  /** Milliseconds the worker spent, catching up included. */
  tookMs: number;
  /**
   * 'relevance': best first by BM25. 'newest': every word of the query is in so many messages
   * that relevance says nothing; the newest matches come first (search-service.ts).
   */
  order: 'relevance' | 'newest';
  /** Writes the index has yet to take in (a large import or an upgrade in progress); 0 when complete. */
  pending: number;
}

/** One row of the index status view, from message_index_meta and the live index. */
export interface IndexStatus {
  sessionId: string;
  sessionName: string;
  /** Documents (messages and chunks) the index held when this session's part was last complete. */
  docCount: number;
  lastIndexedAt: number;
  lastRebuildDurationMs: number | null;
  indexVersion: number;
  indexPath: string | null;
  /** Writes of this session wait to be indexed (is_index_dirty, or documents queued). */
  dirty: boolean;
}
