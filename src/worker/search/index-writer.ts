import { CURRENT_INDEX_VERSION, type MessageRepository } from '../db/repositories';
import type { SqlValue } from '@sqlite.org/sqlite-wasm';
import type { SqlClient } from '../db/sqlite/sql-client';
import { CHUNK_BASE, indexPathOf, quoted, sessionTag } from './index-rows';
import { CHUNK_ROWS_THROUGH, MESSAGE_ROWS_THROUGH, registerSearchWords, type IndexRow } from './index-text';
import { WaitingWrites } from './waiting-writes';
import { wordsOfIndexText } from './tokenize';
import { Vocabulary } from './vocabulary';

/** FTS5's default: merge when a level holds this many segments. */
const AUTOMERGE = 4;
/** Pages one merge step writes (about 4 kB each): a few milliseconds. */
const MERGE_PAGES = 200;
/** SQL for the doc of a message's or a chunk's rowid (index-rows.ts). */
const MESSAGE_DOC = (rowid: string) => `-${rowid}`;
const CHUNK_DOC = (rowid: string) => `(-${CHUNK_BASE} - ${rowid})`;

/**
 * Takes queued writes (search_queue, filled by triggers: migration 0004) into the search index,
 * a bounded step at a time. Each step is one transaction: the rows written, the queue entries
 * they answer, new words of the vocabulary and the metadata of every session it completes, so a
 * tab killed at any moment leaves an index that is exact for what it holds and a queue that
 * holds the rest.
 */
export class IndexWriter {
  /** Documents replaced or removed since the vocabulary's frequencies were last counted exactly. */
  stale = 0;
  /** A large step indexed words the vocabulary has not counted: it must be counted again. */
  vocabularyBehind = false;
  /** Queued writes taken in since this writer was made. */
  taken = 0;
  /** While set, the words of every step are also counted here (a recount under way: search-service.ts). */
  journal: Map<string, number> | undefined;

  constructor(
    private readonly sql: SqlClient,
    private readonly messages: MessageRepository,
    /** The vocabulary new words go to; replaced by a recount. */
    public vocabulary: Vocabulary,
  ) {
    registerSearchWords(sql);
  }

  /** How many writes wait, counting no further than `atMost`. */
  pending(atMost: number): number {
    if (this.sql.value('SELECT EXISTS (SELECT 1 FROM search_queue)') === 0) return 0;
    return Number(this.sql.value('SELECT COUNT(1) FROM (SELECT 1 FROM search_queue LIMIT ?)', [atMost]));
  }

  /**
   * FTS5 merges its segments a little at every commit (automerge). A large build turns that off
   * and merges once at the end (`merge`): measured, it roughly halves the build.
   */
  setAutomerge(on: boolean): void {
    this.sql.run("INSERT INTO search_index (search_index, rank) VALUES ('automerge', ?)", [on ? AUTOMERGE : 0]);
  }

  /**
   * One bounded step of merging every segment into one (a negative `merge`, FTS5's own
   * incremental optimize). Returns whether it did any work.
   */
  mergeStep(): boolean {
    const before = Number(this.sql.value('SELECT total_changes()'));
    this.sql.run("INSERT INTO search_index (search_index, rank) VALUES ('merge', ?)", [-MERGE_PAGES]);
    return Number(this.sql.value('SELECT total_changes()')) - before > 1;
  }

  hasPending(sessionId: string): boolean {
    return this.sql.value('SELECT 1 FROM search_queue WHERE session_id = ? LIMIT 1', [sessionId]) !== undefined;
  }

  /**
   * Indexes up to `limit` queued documents, newest first (what a user just wrote is searchable
   * first, even during a long build). Returns how many were taken. `startedAt` (performance.now())
   * is when the run this step belongs to began: the sessions it completes record that duration.
   *
   * A step takes the queue's lowest docs up to a bound, so every statement reads a range of the
   * queue in its own order. Normally it reads its rows into JavaScript to count their words into
   * the vocabulary; during a build (`streaming`) they stream from messages into the index inside
   * SQLite, and the vocabulary is counted again afterwards (`vocabularyBehind`): carrying every
   * message's text through JavaScript was most of a build's time.
   */
  step(limit: number, startedAt: number, streaming = false): number {
    const through =
      this.sql.value('SELECT doc FROM search_queue ORDER BY doc LIMIT 1 OFFSET ?', [limit - 1]) ??
      this.sql.value('SELECT max(doc) FROM search_queue');
    if (through === undefined || through === null) return 0;
    const bound = [through];
    const sessions = this.sql
      // NOT INDEXED: the range of the queue's own key, not a scan of the whole session index.
      .all('SELECT DISTINCT session_id FROM search_queue NOT INDEXED WHERE doc <= ? AND session_id IS NOT NULL', bound)
      .map((row) => String(row.session_id));
    const rows = streaming ? undefined : this.rowsThrough(through);
    const counts = rows ? wordCounts(rows) : undefined;
    const newWords = counts ? [...counts].filter(([term]) => this.vocabulary.frequencyOf(term) === 0) : [];
    let taken = 0;
    this.sql.transaction(() => {
      this.stale += this.sql.run(
        `DELETE FROM search_index WHERE rowid IN
         (SELECT q.doc FROM search_queue q WHERE q.doc <= ? AND EXISTS (SELECT 1 FROM search_index_docsize d WHERE d.id = q.doc))`,
        bound,
      );
      if (rows) {
        this.insertRows(rows);
        this.sql.run('INSERT OR IGNORE INTO search_terms (term, df) SELECT value->>0, value->>1 FROM json_each(?)', [
          JSON.stringify(newWords),
        ]);
      } else {
        this.sql.run(`INSERT INTO search_index (rowid, body, name, tags) ${CHUNK_ROWS_THROUGH}`, bound);
        this.sql.run(`INSERT INTO search_index (rowid, body, name, tags) ${MESSAGE_ROWS_THROUGH}`, bound);
      }
      taken = this.sql.run('DELETE FROM search_queue WHERE doc <= ?', bound);
      this.recordComplete(sessions, startedAt);
    });
    if (counts) {
      this.vocabulary.learn(counts);
      if (this.journal) for (const [term, count] of counts) this.journal.set(term, (this.journal.get(term) ?? 0) + count);
    } else {
      this.vocabularyBehind = true;
    }
    this.taken += taken;
    return taken;
  }

  /**
   * Runs `work` (a query) as if the waiting `writes` (waitingWrites) were already indexed: their
   * rows go into the index inside a savepoint that is then rolled back, so the query's BM25,
   * filters and order are exactly what they will be once the writes are indexed, without the
   * durable commit a step pays (about 9 ms on OPFS, measured in Chromium). The background drain
   * indexes them for good.
   */
  asIfIndexed<T>(writes: WaitingWrites, work: () => T): T {
    return this.sql.rolledBack(() => {
      this.sql.run(
        `DELETE FROM search_index WHERE rowid IN
         (SELECT q.doc FROM search_queue q WHERE EXISTS (SELECT 1 FROM search_index_docsize d WHERE d.id = q.doc))`,
      );
      this.insertRows(writes.rows);
      return work();
    });
  }

  /** The writes that wait, as the rows they will be in the index (for a query: search-service.ts). */
  waitingWrites(): WaitingWrites {
    const through = this.sql.value('SELECT max(doc) FROM search_queue');
    if (through === undefined || through === null) return new WaitingWrites([], false);
    const replacing = this.sql.value(
      'SELECT 1 FROM search_queue q WHERE EXISTS (SELECT 1 FROM search_index_docsize d WHERE d.id = q.doc) LIMIT 1',
    );
    return new WaitingWrites(this.rowsThrough(through), replacing !== undefined);
  }

  /** The index rows of the queued docs up to `through`, in rising doc order (index-text.ts). */
  private rowsThrough(through: SqlValue): IndexRow[] {
    const bound = [through];
    return [...this.sql.all(CHUNK_ROWS_THROUGH, bound), ...this.sql.all(MESSAGE_ROWS_THROUGH, bound)] as unknown as IndexRow[];
  }

  /** Writes rows read into JavaScript (in rising doc order) into the index. */
  private insertRows(rows: readonly IndexRow[]): void {
    if (rows.length === 0) return;
    this.sql.run(
      `INSERT INTO search_index (rowid, body, name, tags) SELECT value->>'doc', value->>'body', value->>'name', value->>'tags' FROM json_each(?)`,
      [JSON.stringify(rows)],
    );
  }

  /**
   * Queues every message and chunk again, after emptying the index and its vocabulary ("Rebuild
   * now"). Returns the new, empty vocabulary, which the steps fill again.
   */
  requeueAll(): Vocabulary {
    emptyAndQueueEverything(this.sql);
    this.stale = 0;
    return new Vocabulary();
  }

  /** A damaged index: emptied and queued again (resetDamagedIndex). Returns the new, empty vocabulary. */
  recover(): Vocabulary {
    resetDamagedIndex(this.sql);
    this.stale = 0;
    return new Vocabulary();
  }

  /** Queues one session's messages and chunks again, after taking its rows out of the index. */
  requeueSession(sessionId: string): void {
    this.sql.transaction(() => {
      this.sql.run(
        `INSERT OR REPLACE INTO search_queue (doc, session_id)
         SELECT rowid, ? FROM search_index WHERE search_index MATCH ?`,
        [sessionId, `{tags}: ${quoted(sessionTag(sessionId))}`],
      );
      this.sql.run(
        `INSERT OR REPLACE INTO search_queue (doc, session_id) SELECT ${MESSAGE_DOC('rowid')}, session_id FROM messages WHERE session_id = ?`,
        [sessionId],
      );
      this.sql.run(
        `INSERT OR REPLACE INTO search_queue (doc, session_id)
         SELECT ${CHUNK_DOC('c.rowid')}, t.session_id FROM chunks c JOIN contents t ON t.id = c.content_id WHERE t.session_id = ?`,
        [sessionId],
      );
    });
  }

  /**
   * Of `sessions`, those with nothing left in the queue are clean: message_index_meta says so,
   * exactly, in the same transaction as the step that completed them.
   */
  private recordComplete(sessions: string[], startedAt: number): void {
    if (sessions.length === 0) return;
    const complete = this.sql
      .all(
        `SELECT value AS id FROM json_each(?) WHERE EXISTS (SELECT 1 FROM sessions WHERE id = value)
         AND NOT EXISTS (SELECT 1 FROM search_queue WHERE session_id = value)`,
        [JSON.stringify(sessions)],
      )
      .map((row) => String(row.id));
    for (const sessionId of complete) {
      const docCount = Number(
        this.sql.value('SELECT COUNT(1) FROM search_index WHERE search_index MATCH ?', [
          `{tags}: ${quoted(sessionTag(sessionId))}`,
        ]),
      );
      this.messages.updateIndexMeta(sessionId, {
        indexPath: indexPathOf(sessionId),
        docCount,
        rebuildDurationMs: Math.max(0, Math.round(performance.now() - startedAt)),
        indexVersion: CURRENT_INDEX_VERSION,
      });
    }
  }
}

/**
 * Empties the search index and its vocabulary and queues every message and chunk, in one
 * transaction: a rebuild from the database (also for a restored backup, whose own index is not
 * trusted: backup.ts).
 */
export function emptyAndQueueEverything(sql: SqlClient): void {
  sql.transaction(() => {
    sql.run("INSERT INTO search_index (search_index) VALUES ('delete-all')");
    sql.run('DELETE FROM search_terms');
    sql.run(`INSERT OR REPLACE INTO search_queue (doc, session_id) SELECT ${MESSAGE_DOC('rowid')}, session_id FROM messages`);
    sql.run(
      `INSERT OR REPLACE INTO search_queue (doc, session_id)
       SELECT ${CHUNK_DOC('c.rowid')}, t.session_id FROM chunks c JOIN contents t ON t.id = c.content_id`,
    );
  });
}

/**
 * A damaged index emptied and everything queued again (emptyAndQueueEverything). When FTS5 cannot
 * even empty it, the table is made anew from its own definition (sqlite_schema) and ranking (its
 * config). Used by the search service when a query meets damage, and at start when the integrity
 * check finds it (index-integrity.ts).
 */
export function resetDamagedIndex(sql: SqlClient): void {
  try {
    emptyAndQueueEverything(sql);
  } catch {
    const definition = String(sql.value("SELECT sql FROM sqlite_schema WHERE name = 'search_index'"));
    const rank = sql.value("SELECT v FROM search_index_config WHERE k = 'rank'");
    sql.transaction(() => {
      sql.exec(`DROP TABLE search_index; ${definition};`);
      if (rank !== undefined) sql.run("INSERT INTO search_index (search_index, rank) VALUES ('rank', ?)", [rank]);
    });
    emptyAndQueueEverything(sql);
  }
}

/** In how many of `rows` each word appears (body or file name): the vocabulary's frequencies. */
function wordCounts(rows: IndexRow[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { body, name } of rows) {
    const words = wordsOfIndexText(body);
    for (const word of wordsOfIndexText(name)) words.add(word);
    for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return counts;
}
