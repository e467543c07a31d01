import type { Role } from '../../shared/entities';
import { CURRENT_INDEX_VERSION, type MessageRepository } from '../db/repositories';
import type { SqlClient } from '../db/sqlite/sql-client';
import { DOCUMENT_TAG, indexPathOf, MESSAGE_TAG, quoted, roleTag, sessionTag } from './index-rows';
import { messageSearchText } from './message-text';
import { indexTerms } from './tokenize';
import { Vocabulary } from './vocabulary';

/** One row of search_index as it is written: row id, then the columns. */
type IndexRow = [doc: number, body: string, name: string, tags: string];

const IN_DOCS = 'SELECT value FROM json_each(?)';

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
  /** Queued writes taken in since this writer was made. */
  taken = 0;
  /** While set, the words of every step are also counted here (a recount under way: search-service.ts). */
  journal: Map<string, number> | undefined;

  constructor(
    private readonly sql: SqlClient,
    private readonly messages: MessageRepository,
    /** The vocabulary new words go to; replaced by a recount. */
    public vocabulary: Vocabulary,
  ) {}

  /** How many writes wait, counting no further than `atMost`. */
  pending(atMost: number): number {
    return Number(this.sql.value('SELECT COUNT(1) FROM (SELECT 1 FROM search_queue LIMIT ?)', [atMost]));
  }

  hasPending(sessionId: string): boolean {
    return this.sql.value('SELECT 1 FROM search_queue WHERE session_id = ? LIMIT 1', [sessionId]) !== undefined;
  }

  /**
   * Indexes up to `limit` queued documents, newest first (what a user just wrote is searchable
   * first, even during a long build). Returns how many were taken. `startedAt` (performance.now())
   * is when the run this step belongs to began: the sessions it completes record that duration.
   */
  step(limit: number, startedAt: number): number {
    const queued = this.sql.all('SELECT doc, session_id FROM search_queue ORDER BY doc DESC LIMIT ?', [limit]);
    if (queued.length === 0) return 0;
    const docs = JSON.stringify(queued.map((row) => Number(row.doc)));
    const rows = [...this.messageRows(docs), ...this.chunkRows(docs)];
    const counts = wordCounts(rows);
    const newWords = [...counts].filter(([term]) => this.vocabulary.frequencyOf(term) === 0);
    const sessions = new Set(queued.flatMap((row) => (row.session_id === null ? [] : [String(row.session_id)])));
    this.sql.transaction(() => {
      const replaced = this.sql.run(
        `DELETE FROM search_index WHERE rowid IN (SELECT id FROM search_index_docsize WHERE id IN (${IN_DOCS}))`,
        [docs],
      );
      this.stale += replaced;
      this.sql.run(
        `INSERT INTO search_index (rowid, body, name, tags) SELECT value->>0, value->>1, value->>2, value->>3 FROM json_each(?)`,
        [JSON.stringify(rows)],
      );
      this.sql.run(`INSERT OR IGNORE INTO search_terms (term, df) SELECT value->>0, value->>1 FROM json_each(?)`, [
        JSON.stringify(newWords),
      ]);
      this.sql.run(`DELETE FROM search_queue WHERE doc IN (${IN_DOCS})`, [docs]);
      for (const sessionId of sessions) this.recordIfComplete(sessionId, startedAt);
    });
    this.vocabulary.learn(counts);
    this.taken += queued.length;
    if (this.journal) for (const [term, count] of counts) this.journal.set(term, (this.journal.get(term) ?? 0) + count);
    return queued.length;
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

  /**
   * A damaged index: emptied and queued again (requeueAll). When FTS5 cannot even empty it, the
   * table is made anew from its own definition (sqlite_schema) and ranking (its config).
   */
  recover(): Vocabulary {
    try {
      return this.requeueAll();
    } catch {
      const definition = String(this.sql.value("SELECT sql FROM sqlite_schema WHERE name = 'search_index'"));
      const rank = this.sql.value("SELECT v FROM search_index_config WHERE k = 'rank'");
      this.sql.transaction(() => {
        this.sql.exec(`DROP TABLE search_index; ${definition};`);
        if (rank !== undefined) this.sql.run("INSERT INTO search_index (search_index, rank) VALUES ('rank', ?)", [rank]);
      });
      return this.requeueAll();
    }
  }

  /** Queues one session's messages and chunks again, after taking its rows out of the index. */
  requeueSession(sessionId: string): void {
    this.sql.transaction(() => {
      this.sql.run(
        `INSERT OR REPLACE INTO search_queue (doc, session_id)
         SELECT rowid, ? FROM search_index WHERE search_index MATCH ?`,
        [sessionId, `{tags}: ${quoted(sessionTag(sessionId))}`],
      );
      this.sql.run('INSERT OR REPLACE INTO search_queue (doc, session_id) SELECT rowid, session_id FROM messages WHERE session_id = ?', [
        sessionId,
      ]);
      this.sql.run(
        `INSERT OR REPLACE INTO search_queue (doc, session_id)
         SELECT -c.rowid, t.session_id FROM chunks c JOIN contents t ON t.id = c.content_id WHERE t.session_id = ?`,
        [sessionId],
      );
    });
  }

  private messageRows(docs: string): IndexRow[] {
    return this.sql
      .all(`SELECT rowid AS doc, session_id, role, content, thinking FROM messages WHERE rowid IN (${IN_DOCS} WHERE value > 0)`, [docs])
      .flatMap((row): IndexRow[] => {
        const role = String(row.role) as Role;
        const body = indexTerms(messageSearchText({ role, content: String(row.content), thinking: row.thinking as string | null }));
        // A message with no words (a tool call alone, an empty turn) is no search hit.
        if (body === '') return [];
        return [[Number(row.doc), body, '', `${sessionTag(String(row.session_id))} ${roleTag(role)} ${MESSAGE_TAG}`]];
      });
  }

  private chunkRows(docs: string): IndexRow[] {
    return this.sql
      .all(
        `SELECT -c.rowid AS doc, c.text, t.filename, t.session_id FROM chunks c JOIN contents t ON t.id = c.content_id
         WHERE c.rowid IN (SELECT -value FROM json_each(?) WHERE value < 0)`,
        [docs],
      )
      .map((row): IndexRow => [
        Number(row.doc),
        indexTerms(String(row.text)),
        indexTerms(String(row.filename)),
        `${sessionTag(String(row.session_id))} ${DOCUMENT_TAG}`,
      ]);
  }

  /** A session with nothing left in the queue is clean: message_index_meta says so, exactly. */
  private recordIfComplete(sessionId: string, startedAt: number): void {
    if (this.hasPending(sessionId)) return;
    if (this.sql.value('SELECT 1 FROM sessions WHERE id = ?', [sessionId]) === undefined) return;
    const docCount = Number(
      this.sql.value('SELECT COUNT(1) FROM search_index WHERE search_index MATCH ?', [`{tags}: ${quoted(sessionTag(sessionId))}`]),
    );
    this.messages.updateIndexMeta(sessionId, {
      indexPath: indexPathOf(sessionId),
      docCount,
      rebuildDurationMs: Math.max(0, Math.round(performance.now() - startedAt)),
      indexVersion: CURRENT_INDEX_VERSION,
    });
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
    sql.run('INSERT OR REPLACE INTO search_queue (doc, session_id) SELECT rowid, session_id FROM messages');
    sql.run(
      `INSERT OR REPLACE INTO search_queue (doc, session_id)
       SELECT -c.rowid, t.session_id FROM chunks c JOIN contents t ON t.id = c.content_id`,
    );
  });
}

/** In how many of `rows` each word appears (body or file name): the vocabulary's frequencies. */
function wordCounts(rows: IndexRow[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [, body, name] of rows) {
    const words = name === '' ? body.split(' ') : new Set([...body.split(' '), ...name.split(' ')]);
    for (const word of words) if (word !== '') counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return counts;
}
