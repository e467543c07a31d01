import { AppError, invalidInput, notFound } from '../../shared/errors';
import { requireId, requirePositiveInteger } from '../../shared/validate';
import { CURRENT_INDEX_VERSION, type Repositories } from '../db/repositories';
import type { SqlClient } from '../db/sqlite/sql-client';
import type { ChangeFeed } from '../change-feed';
import type { WorkspaceFolders } from '../sessions/workspace-folders';
import { rowidOf } from './index-rows';
import { IndexReader, matchExpression, type IndexFilter } from './index-reader';
import { IndexWriter } from './index-writer';
import { removeLegacyIndexFiles } from './legacy-index-files';
import { isCommon, planWords } from './search-plan';
import { rankQuery } from './rank-query';
import { describeHits, validateQuery } from './search-query';
import { SearchSource } from './search-source';
import type { ChunkHit, IndexStatus, SearchQuery, SearchResults } from './search-types';
import { Vocabulary } from './vocabulary';
import { VocabularyStore } from './vocabulary-store';
import { yieldToCalls } from './yield-to-calls';

export type { ChunkHit, IndexStatus, SearchHit, SearchQuery, SearchResults } from './search-types';

/**
 * Waiting writes a query searches as if they were indexed (index-writer.ts asIfIndexed), those it
 * takes into the index itself before it answers; more are built in the background.
 */
const QUERY_AS_IF_INDEXED = 50;
const QUERY_CATCH_UP = 500;
/** How long one step of indexing may hold the worker: in normal use, and while a large backlog is built. */
const STEP_MS = 12;
const BUILD_STEP_MS = 40;
const LARGE_BACKLOG = 5_000;
/** After a write, how soon the index takes it in when no query asks first. */
const DRAIN_DELAY_MS = 2_000;
/** Documents replaced or removed before the indexing pass counts the vocabulary again. */
const RECOUNT_AFTER = 500;

/**
 * Search over every message and document chunk: one FTS5 table holds the postings on disk
 * (migration 0004), one BM25 over the whole corpus ranks them, and a minisearch index of the
 * vocabulary (vocabulary.ts) turns each query word into the index words it stands for: itself,
 * the completions of the word being typed, near spellings of a typo.
 *
 * Words in most rows ("the") are not ranked at all: when every word of a query is common, the
 * newest matches come first, which FTS5 finds without scoring a single row; when some words are
 * selective, those rank and the common ones only have to match (search-plan.ts).
 *
 * Writes reach the index through search_queue (filled by triggers, in the writing transaction):
 * a query first takes in what waits (a few rows, normally), and the rest is built in the
 * background in steps of a few milliseconds (index-writer.ts). A start loads only the vocabulary,
 * in pages.
 */
export class SearchService {
  private vocabulary = new Vocabulary();
  private readonly writer: IndexWriter;
  private readonly reader: IndexReader;
  private readonly source: SearchSource;
  private readonly store: VocabularyStore;
  private loaded: Promise<void> | undefined;
  private draining: Promise<void> | undefined;
  private drainTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set by `close`: work under way stops at its next step (the database was replaced). */
  private closed = false;
  /** How many times a damaged index was emptied and queued again. */
  private recoveries = 0;
  /** Whether this service has made sure automerge is on (a build cut short leaves it off). */
  private automergeChecked = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly sql: SqlClient,
    private readonly repos: Repositories,
    private readonly folders: WorkspaceFolders,
    changes: ChangeFeed,
  ) {
    this.writer = new IndexWriter(sql, repos.messages, this.vocabulary);
    this.reader = new IndexReader(sql);
    this.source = new SearchSource(sql);
    this.store = new VocabularyStore(sql);
    this.unsubscribe = changes.subscribe((event) => {
      if (event.kind !== 'settings' && event.kind !== 'assistants') this.drainSoon();
    });
  }

  /** Retires this service (a restore replaced the database and a new one takes over). */
  close(): void {
    this.closed = true;
    clearTimeout(this.drainTimer);
    this.unsubscribe();
  }

  async query(input: SearchQuery): Promise<SearchResults> {
    const started = performance.now();
    const query = validateQuery(input);
    if (query.text === '') return { hits: [], tookMs: 0, order: 'relevance', pending: 0 };
    if (query.sessionId !== undefined && !this.source.sessionExists(query.sessionId)) {
      throw notFound(`Session ${query.sessionId} does not exist.`);
    }
    await this.ready();
    const recoveries = this.recoveries;
    const waiting = this.catchUp();
    const writes = waiting === 'as-if-indexed' ? this.writer.waitingWrites() : undefined;
    if (writes) for (const word of writes.unknownTo(this.vocabulary)) this.vocabulary.put(word, 0);
    const groups = planWords(query.text, this.vocabulary, { prefix: 'last' });
    const filter: IndexFilter = { sessionId: query.sessionId, role: query.role, from: query.from, to: query.to };
    const rank = () => rankQuery(this.reader, groups, filter, query.limit);
    const asIfIndexed = writes?.matter(groups) ? writes : undefined;
    // After a damaged index was emptied (guarded runs the work again), everything waits: the
    // query answers from the empty index rather than insert the whole corpus as if indexed.
    const { ranked, order } = this.guarded(() =>
      asIfIndexed && this.recoveries === recoveries ? this.writer.asIfIndexed(asIfIndexed, rank) : rank(),
    );
    let hits = describeHits(
      this.source,
      ranked,
      groups.flatMap((group) => group.terms),
    );
    if (order === 'newest') hits = hits.sort((a, b) => b.at - a.at).slice(0, query.limit);
    // What waited was searched as if indexed, or nothing waited, and nothing was queued since (this
    // is all one synchronous step, and no damaged index was emptied and queued again): nothing
    // is missing from these hits.
    const answered = waiting === 'none' || waiting === 'as-if-indexed';
    const pending = !answered || this.recoveries !== recoveries ? this.writer.pending(Number.MAX_SAFE_INTEGER) : 0;
    return { hits, tookMs: Math.round(performance.now() - started), order, pending };
  }

  /**
   * BM25 over one session's document passages, for the `keyword_search` tool: any of the words
   * may match (a question's words), best first, with the passages' text. Words most rows hold are
   * dropped when the question has others: they would only add noise and time.
   */
  async searchDocuments(sessionId: string, query: string, topN = 5): Promise<ChunkHit[]> {
    requireId(sessionId, 'Session id');
    if (typeof query !== 'string') throw invalidInput('The search query must be text.');
    const text = query.trim();
    if (text === '') throw invalidInput('The search query is empty.');
    const limit = requirePositiveInteger(topN, 'top_n', 50);
    if (!this.source.sessionExists(sessionId)) throw notFound(`Session ${sessionId} does not exist.`);
    await this.ready();
    // A document the agent just added must be found by its next call: wait for what is queued.
    if (this.writer.hasPending(sessionId)) await this.drain();
    const groups = planWords(text, this.vocabulary, { prefix: 'all' }).filter((group) => group.terms.length > 0);
    const selective = groups.filter((group) => !isCommon(group));
    const terms = (selective.length > 0 ? selective : groups).flatMap((group) => group.terms);
    if (terms.length === 0) return [];
    const match = matchExpression([terms], { sessionId, role: 'document' });
    const ranked = this.guarded(() => this.reader.byRelevance(match, {}, limit));
    const chunks = this.source.chunks(ranked.map((hit) => rowidOf(hit.doc)));
    return ranked.flatMap(({ doc, score }) => {
      const chunk = chunks.get(rowidOf(doc));
      if (!chunk) return [];
      const { contentId, filename, startLine, endLine } = chunk;
      return [
        { contentId, chunkId: chunk.id, filename, score: Number(score.toPrecision(4)), text: chunk.text, startLine, endLine },
      ];
    });
  }

  /** After start: loads the vocabulary and takes in whatever waits (everything, after an upgrade). */
  async warmUp(): Promise<void> {
    await this.ready();
    await this.drain();
  }

  /**
   * The indexing pass: takes in what waits, compacts the index (FTS5 merges its segments, a
   * bounded step at a time) and, after many replaced or removed rows, counts the vocabulary again
   * exactly (`recountVocabulary` asks for that count whatever changed). Returns how many queued
   * writes it took in.
   */
  async runIndexingPass(options: { recountVocabulary?: boolean } = {}): Promise<number> {
    const before = this.writer.taken;
    await this.warmUp();
    await this.compact();
    if (options.recountVocabulary || this.writer.stale >= RECOUNT_AFTER) await this.recount();
    return this.writer.taken - before;
  }

  /** "Rebuild now": empties the index (one session's part, or all of it) and builds it from the database. */
  async rebuild(sessionId?: string): Promise<IndexStatus[]> {
    if (sessionId !== undefined) {
      requireId(sessionId, 'Session id');
      if (!this.source.sessionExists(sessionId)) throw notFound(`Session ${sessionId} does not exist.`);
    }
    await this.ready();
    if (sessionId !== undefined) this.writer.requeueSession(sessionId);
    else this.useVocabulary(this.writer.requeueAll());
    await this.drain();
    return this.status();
  }

  status(): IndexStatus[] {
    const queued = new Set(
      this.sql
        .all('SELECT DISTINCT session_id FROM search_queue WHERE session_id IS NOT NULL')
        .map((row) => String(row.session_id)),
    );
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
        dirty: queued.has(session.id) || this.repos.messages.isIndexDirty(session.id),
      };
    });
  }

  /** A session was deleted: its rows left the index's queue by trigger; take them out soon. */
  forget(_sessionId: string): void {
    this.drainSoon();
  }

  /** Takes in everything queued, a step at a time; one run at a time, joined by later callers. */
  drain(): Promise<void> {
    this.draining ??= this.drainSteps().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  private ready(): Promise<void> {
    this.loaded ??= this.store.load(() => this.closed).then((vocabulary) => this.useVocabulary(vocabulary));
    return this.loaded;
  }

  private useVocabulary(vocabulary: Vocabulary): void {
    this.vocabulary = vocabulary;
    this.writer.vocabulary = vocabulary;
  }

  /**
   * Before a query, what waits: a few writes (a reply just written) are searched as if indexed
   * and indexed for good by the background drain; a few hundred (a document just added) are
   * indexed now; a large backlog is left to the background build, and the query answers from
   * what is indexed.
   */
  private catchUp(): 'none' | 'as-if-indexed' | 'indexed' | 'building' {
    const waiting = this.writer.pending(QUERY_CATCH_UP + 1);
    if (waiting === 0) return 'none';
    if (waiting <= QUERY_AS_IF_INDEXED) {
      this.drainSoon();
      return 'as-if-indexed';
    }
    if (waiting <= QUERY_CATCH_UP) {
      this.guarded(() => this.writer.step(QUERY_CATCH_UP, performance.now()));
      return 'indexed';
    }
    this.drainSoon(0);
    return 'building';
  }

  private drainSoon(delayMs = DRAIN_DELAY_MS): void {
    if (this.closed) return;
    clearTimeout(this.drainTimer);
    this.drainTimer = setTimeout(
      () => void this.drain().catch((error) => console.warn('Search indexing failed.', error)),
      delayMs,
    );
  }

  private async drainSteps(): Promise<void> {
    await this.ready();
    const startedAt = performance.now();
    let limit = 100;
    let building = false;
    while (!this.closed) {
      const backlog = this.writer.pending(LARGE_BACKLOG);
      if (backlog === 0) break;
      if (!building && backlog >= LARGE_BACKLOG) {
        building = true;
        this.guarded(() => this.writer.setAutomerge(false));
      }
      const budget = building ? BUILD_STEP_MS : STEP_MS;
      const stepStarted = performance.now();
      this.guarded(() => this.writer.step(limit, startedAt, building));
      // Size the next step by how long this one took, so a step holds the worker about `budget` ms.
      const took = Math.max(performance.now() - stepStarted, 0.5);
      limit = Math.round(Math.min(5_000, Math.max(20, limit * Math.min(2, budget / took))));
      await yieldToCalls();
    }
    if (this.closed) return;
    // Also after a build cut short by a closed tab: automerge off must never outlive a build.
    if (building || !this.automergeChecked) {
      this.automergeChecked = true;
      this.guarded(() => this.writer.setAutomerge(true));
    }
    if (building) await this.compact();
    if (this.writer.vocabularyBehind) await this.recount();
    await removeLegacyIndexFiles(this.sql, this.folders);
  }

  /** Merges the index's segments into one, a bounded step at a time (the indexing pass, after a build). */
  private async compact(): Promise<void> {
    for (let step = 0; step < 10_000 && !this.closed; step++) {
      if (!this.guarded(() => this.writer.mergeStep())) return;
      await yieldToCalls();
    }
  }

  /** Counts the vocabulary again from the index; words indexed meanwhile are kept. */
  private async recount(): Promise<void> {
    const journal = new Map<string, number>();
    this.writer.journal = journal;
    this.writer.vocabularyBehind = false;
    const stale = this.writer.stale;
    try {
      const fresh = await this.store.recount(() => this.closed);
      if (!fresh || this.closed) return;
      for (const [term, count] of journal) if (fresh.frequencyOf(term) === 0) fresh.put(term, count);
      this.useVocabulary(fresh);
      this.writer.stale -= stale;
    } finally {
      this.writer.journal = undefined;
    }
  }

  /**
   * Runs index work; a damaged index is emptied and queued for a rebuild from the database,
   * which holds every word of it, and the work runs once more.
   */
  private guarded<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      if (!isDamage(error)) throw error;
      console.warn('The search index is damaged; it is rebuilt from the database.', error);
      this.useVocabulary(this.writer.recover());
      this.recoveries++;
      this.drainSoon(0);
      return work();
    }
  }
}

const SQLITE_NOMEM = 7;

/**
 * SQLite's word for a damaged index: corruption, or "out of memory" when a damaged length in a
 * posting list asks for an impossible allocation (seen with randomized blocks).
 */
function isDamage(error: unknown): boolean {
  if (!(error instanceof AppError)) return false;
  if (error.code === 'Corrupt') return true;
  const resultCode = (error.cause as { resultCode?: unknown } | undefined)?.resultCode;
  return typeof resultCode === 'number' && (resultCode & 0xff) === SQLITE_NOMEM;
}
