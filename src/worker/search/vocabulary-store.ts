import type { SqlClient } from '../db/sqlite/sql-client';
import { Vocabulary } from './vocabulary';
import { yieldToCalls } from './yield-to-calls';

/** Words read between two yields: a load never holds the worker for more than a few ms. */
const LOAD_PAGE = 250;
/** Words counted between two yields: counting reads each word's postings, so fewer at a time. */
const COUNT_PAGE = 200;
const TAG_START = '§';

/**
 * Where the vocabulary lives between starts (search_terms, migration 0004), and how it is
 * counted again exactly from FTS5's own view of the index (fts5vocab). Both go in pages with a
 * yield between them, so other calls never wait behind more than one page.
 */
export class VocabularyStore {
  constructor(private readonly sql: SqlClient) {}

  /** The saved vocabulary, read in pages. `stopped` ends the load early (the service closed). */
  async load(stopped: () => boolean): Promise<Vocabulary> {
    const vocabulary = new Vocabulary();
    let after = '';
    for (;;) {
      const rows = this.sql.all('SELECT term, df FROM search_terms WHERE term > ? ORDER BY term LIMIT ?', [after, LOAD_PAGE]);
      for (const row of rows) vocabulary.put(String(row.term), Number(row.df));
      if (rows.length < LOAD_PAGE || stopped()) return vocabulary;
      after = String(rows.at(-1)?.term);
      await yieldToCalls();
    }
  }

  /**
   * Counts every word's documents again, drops the words no document holds any more, saves the
   * result and returns it: the indexing pass's compaction of the vocabulary. Words indexed
   * meanwhile are counted in the page they fall in; none is lost.
   */
  async recount(stopped: () => boolean): Promise<Vocabulary | undefined> {
    this.sql.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab USING fts5vocab(main, 'search_index', 'row')");
    const vocabulary = new Vocabulary();
    let after = '';
    for (;;) {
      if (stopped()) return undefined;
      const rows = this.sql
        .all('SELECT term, doc FROM temp.search_vocab WHERE term > ? ORDER BY term LIMIT ?', [after, COUNT_PAGE])
        .map((row) => [String(row.term), Number(row.doc)] as const);
      const last = rows.at(-1)?.[0];
      const words = rows.filter(([term]) => !term.startsWith(TAG_START));
      this.sql.transaction(() => {
        this.sql.run(
          last === undefined
            ? 'DELETE FROM search_terms WHERE term > ?'
            : 'DELETE FROM search_terms WHERE term > ? AND term <= ?',
          last === undefined ? [after] : [after, last],
        );
        this.sql.run('INSERT INTO search_terms (term, df) SELECT value->>0, value->>1 FROM json_each(?)', [
          JSON.stringify(words),
        ]);
      });
      for (const [term, df] of words) vocabulary.put(term, df);
      if (last === undefined) return vocabulary;
      after = last;
      await yieldToCalls();
    }
  }
}
