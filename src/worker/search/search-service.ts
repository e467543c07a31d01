import { invalidInput, notFound } from '../../shared/errors';
import { requireId, requirePositiveInteger } from '../../shared/validate';
import { CURRENT_INDEX_VERSION, type Repositories } from '../db/repositories';
import type { ChangeFeed } from '../change-feed';
import type { WorkspaceFolders } from '../sessions/workspace-folders';
import { catchUpIndex } from './catch-up';
import { describeHit, validateQuery } from './search-query';
import type { SearchSource } from './search-source';
import type { ChunkHit, IndexStatus, SearchHit, SearchQuery, SearchResults } from './search-types';
import { SessionIndex, type HitFilter, type IndexHit } from './session-index';
import { yieldToCalls } from './yield-to-calls';

export type { ChunkHit, IndexStatus, SearchHit, SearchQuery, SearchResults } from './search-types';

/** The file in each session's workspace folder that holds its persisted index. */
export const INDEX_FILE = 'search-index.json';

/**
 * Search over every message and document chunk, one minisearch index per session, saved as
 * one file per session with its row of message_index_meta. Indexes are kept current by catching up before every
 * query with exactly what changed: messages stamped with a newer change counter, deletions
 * (found by count), documents added or removed. The indexing pass (`runIndexingPass`, on an
 * interval; docs/architecture.md) saves what changed to the session's OPFS folder and records
 * it in message_index_meta; a start loads those files and only catches up on the rest.
 */
export class SearchService {
  private readonly indexes = new Map<string, SessionIndex>();
  /** Per session, the index work under way: loads and catch-ups of one session never overlap. */
  private readonly work = new Map<string, Promise<unknown>>();
  /** Sessions whose documents changed since their index last looked. */
  private readonly contentChanged = new Set<string>();
  /** Sessions whose in-memory index has changes not yet persisted. */
  private readonly unsaved = new Set<string>();
  /** Set by `close`: work under way stops and saves nothing (the database was replaced). */
  private closed = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly repos: Repositories,
    private readonly source: SearchSource,
    private readonly folders: WorkspaceFolders,
    changes: ChangeFeed,
  ) {
    this.unsubscribe = changes.subscribe((event) => {
      if (event.kind === 'content') this.contentChanged.add(event.sessionId);
    });
  }

  /**
   * Retires this service (a restore replaced the database and a new one takes over): a pass
   * under way stops at its next step and saves nothing, and the indexes are let go.
   */
  close(): void {
    this.closed = true;
    this.unsubscribe();
    this.indexes.clear();
  }

  async query(input: SearchQuery): Promise<SearchResults> {
    const started = performance.now();
    const query = validateQuery(input);
    if (query.text === '') return { hits: [], tookMs: 0 };
    const counters = this.source.sessionCounters();
    this.forgetMissing(counters);
    if (query.sessionId !== undefined && !counters.has(query.sessionId))
      throw notFound(`Session ${query.sessionId} does not exist.`);
    const sessionIds = query.sessionId !== undefined ? [query.sessionId] : [...counters.keys()];
    const filter: HitFilter = { role: query.role, from: query.from, to: query.to };
    const found: (IndexHit & { sessionId: string })[] = [];
    for (const sessionId of sessionIds) {
      const index = await this.current(sessionId, counters.get(sessionId));
      for (const hit of index.search(query.text, filter, query.limit)) found.push({ ...hit, sessionId });
    }
    found.sort((a, b) => b.score - a.score);
    const names = new Map<string, string>();
    const sessionName = (sessionId: string) => {
      if (!names.has(sessionId)) names.set(sessionId, this.source.sessionName(sessionId) ?? '');
      return names.get(sessionId) ?? '';
    };
    const hits = found
      .slice(0, query.limit)
      .map((hit) => describeHit(this.source, hit, sessionName(hit.sessionId)))
      .filter((hit): hit is SearchHit => hit !== undefined);
    return { hits, tookMs: Math.round(performance.now() - started) };
  }

  /**
   * BM25 over one session's document passages, for the `keyword_search` tool: any of the words
   * may match (a question's words), best first, with the passages' text.
   */
  async searchDocuments(sessionId: string, query: string, topN = 5): Promise<ChunkHit[]> {
    requireId(sessionId, 'Session id');
    if (typeof query !== 'string') throw invalidInput('The search query must be text.');
    const text = query.trim();
    if (text === '') throw invalidInput('The search query is empty.');
    const limit = requirePositiveInteger(topN, 'top_n', 50);
    if (this.source.sessionCounter(sessionId) === undefined) throw notFound(`Session ${sessionId} does not exist.`);
    const index = await this.current(sessionId);
    return index.search(text, { role: 'document' }, limit, 'any').flatMap((hit) => {
      const chunk = this.source.chunk(hit.id);
      if (!chunk) return [];
      const { contentId, filename, startLine, endLine } = chunk;
      return [
        {
          contentId,
          chunkId: chunk.id,
          filename,
          score: Math.round(hit.score * 1000) / 1000,
          text: chunk.text,
          startLine,
          endLine,
        },
      ];
    });
  }

  /** Loads (or builds) every session's index and catches it up: run once after start. */
  async warmUp(): Promise<void> {
    for (const sessionId of this.source.sessionCounters().keys()) {
      if (this.closed) return;
      await this.current(sessionId);
      await yieldToCalls();
    }
  }

  /**
   * The indexing pass: every session whose index is stale (dirty in
   * message_index_meta, of another index version, or changed in memory) is caught up, compacted
   * and persisted, and its metadata recorded.
   */
  async runIndexingPass(): Promise<number> {
    const counters = this.source.sessionCounters();
    this.forgetMissing(counters);
    let saved = 0;
    for (const sessionId of counters.keys()) {
      if (this.closed) break;
      if (!this.isStale(sessionId)) continue;
      await this.serialized(sessionId, async () => {
        const started = performance.now();
        await this.persist(sessionId, await this.currentNow(sessionId), started);
      });
      saved++;
      await yieldToCalls();
    }
    return saved;
  }

  /** "Rebuild now": throws the session's index (or every one) away and builds it from the database. */
  async rebuild(sessionId?: string): Promise<IndexStatus[]> {
    if (sessionId !== undefined) requireId(sessionId, 'Session id');
    const counters = this.source.sessionCounters();
    if (sessionId !== undefined && !counters.has(sessionId)) throw notFound(`Session ${sessionId} does not exist.`);
    for (const id of sessionId !== undefined ? [sessionId] : [...counters.keys()]) {
      await this.serialized(id, async () => {
        const started = performance.now();
        const index = SessionIndex.empty();
        await this.catchUp(id, index, true);
        this.indexes.set(id, index);
        await this.persist(id, index, started);
      });
      await yieldToCalls();
    }
    return this.status();
  }

  status(): IndexStatus[] {
    return this.repos.sessions.list().map((session) => {
      const meta = this.repos.messages.getIndexMeta(session.id);
      return {
        sessionId: session.id,
        sessionName: session.name,
        docCount: meta?.docCount ?? 0,
        lastIndexedAt: meta?.lastIndexedAt ?? 0,
        lastRebuildDurationMs: meta?.lastRebuildDurationMs ?? null,
        indexVersion: meta?.indexVersion ?? CURRENT_INDEX_VERSION,
        indexPath: meta?.indexPath ?? null,
        dirty: this.isStale(session.id),
      };
    });
  }

  /** Drops a deleted session's index from memory (its file goes with the session's folder). */
  forget(sessionId: string): void {
    this.indexes.delete(sessionId);
    this.unsaved.delete(sessionId);
    this.contentChanged.delete(sessionId);
  }

  /** The session's index, loaded or built when needed, caught up with the database. */
  private current(sessionId: string, counter?: number): Promise<SessionIndex> {
    return this.serialized(sessionId, () => this.currentNow(sessionId, counter));
  }

  /** `current` for a caller that already holds the session's turn. */
  private async currentNow(sessionId: string, counter?: number): Promise<SessionIndex> {
    let index = this.indexes.get(sessionId);
    if (!index) {
      index = await this.load(sessionId);
      // A deletion while the file was read: do not bring the session back.
      if (this.source.sessionCounter(sessionId) === undefined) return SessionIndex.empty();
      this.indexes.set(sessionId, index);
      this.contentChanged.add(sessionId);
      counter = undefined; // read again: the load took time
    }
    await this.catchUp(sessionId, index, this.contentChanged.delete(sessionId), counter);
    return index;
  }

  /** Runs `task` after the session's earlier index work, never beside it. */
  private serialized<T>(sessionId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.work.get(sessionId) ?? Promise.resolve();
    const next = previous.then(task, task);
    const tail = next.catch(() => undefined);
    this.work.set(sessionId, tail);
    void tail.then(() => {
      if (this.work.get(sessionId) === tail) this.work.delete(sessionId);
    });
    return next;
  }

  /** The persisted index when there is a sound one of this version, else an empty one. */
  private async load(sessionId: string): Promise<SessionIndex> {
    const meta = this.repos.messages.getIndexMeta(sessionId);
    if (!meta?.indexPath || meta.indexVersion !== CURRENT_INDEX_VERSION) return SessionIndex.empty();
    try {
      const text = await this.folders.readFile(sessionId, INDEX_FILE);
      if (text !== undefined) return await SessionIndex.fromJSON(text);
      console.warn(`The search index of session ${sessionId} is missing; it is rebuilt.`);
    } catch (error) {
      console.warn(`The search index of session ${sessionId} could not be read; it is rebuilt.`, error);
    }
    this.unsaved.add(sessionId);
    return SessionIndex.empty();
  }

  /** Brings `index` up to date with the database (see catchUpIndex); a change waits to be saved. */
  private async catchUp(
    sessionId: string,
    index: SessionIndex,
    checkContents: boolean,
    target = this.source.sessionCounter(sessionId) ?? 0,
  ): Promise<void> {
    if (await catchUpIndex(this.source, sessionId, index, checkContents, target, () => this.closed)) {
      this.unsaved.add(sessionId);
    }
  }

  private async persist(sessionId: string, index: SessionIndex, started: number): Promise<void> {
    // Retired, or the session was deleted meanwhile: writing would bring back a stale index or a
    // removed session's folder.
    if (this.closed || this.source.sessionCounter(sessionId) === undefined) return;
    const path = await this.folders.writeFile(sessionId, INDEX_FILE, await index.toJSON());
    if (this.closed || this.source.sessionCounter(sessionId) === undefined) return;
    this.repos.messages.updateIndexMeta(sessionId, {
      indexPath: path,
      docCount: index.documentCount,
      rebuildDurationMs: Math.round(performance.now() - started),
      indexVersion: CURRENT_INDEX_VERSION,
      asOfChangeSeq: index.seq,
    });
    this.unsaved.delete(sessionId);
  }

  private isStale(sessionId: string): boolean {
    if (this.unsaved.has(sessionId) || this.contentChanged.has(sessionId)) return true;
    if (this.repos.messages.isIndexDirty(sessionId)) return true;
    const meta = this.repos.messages.getIndexMeta(sessionId);
    return meta !== null && meta.indexVersion !== CURRENT_INDEX_VERSION;
  }

  private forgetMissing(counters: Map<string, number>): void {
    for (const sessionId of this.indexes.keys()) if (!counters.has(sessionId)) this.forget(sessionId);
  }

  /** The index held in memory for a session, if any (tests look inside). */
  indexOf(sessionId: string): SessionIndex | undefined {
    return this.indexes.get(sessionId);
  }
}
