import type { IndexRow } from './index-text';
import type { WordGroup } from './search-plan';
import { wordsOfIndexText } from './tokenize';
import type { Vocabulary } from './vocabulary';

/**
 * The few writes a query finds waiting in the queue, as the rows they will be in the index: what
 * a query must know to answer as if they were indexed (search-service.ts), and whether it has to.
 */
export class WaitingWrites {
  private readonly words: Set<string>[];

  constructor(
    /** In rising doc order, as the index takes them. */
    readonly rows: readonly IndexRow[],
    /** Some of them replace or remove a row the index still holds (an edit, a deletion). */
    private readonly replaceIndexedRows: boolean,
  ) {
    this.words = rows.map(({ body, name }) => {
      const words = wordsOfIndexText(body);
      for (const word of wordsOfIndexText(name)) words.add(word);
      return words;
    });
  }

  /** Their words that `vocabulary` does not know yet, so the query can expand to them. */
  unknownTo(vocabulary: Vocabulary): string[] {
    const unknown = new Set<string>();
    for (const words of this.words) for (const word of words) if (vocabulary.frequencyOf(word) === 0) unknown.add(word);
    return [...unknown];
  }

  /**
   * Whether a query of `groups` must see them indexed (IndexWriter.asIfIndexed): when one of them
   * has a word of every group, or a row the index holds is stale. Otherwise the index answers
   * exactly as it is: none of them could be a hit.
   */
  matter(groups: readonly WordGroup[]): boolean {
    if (this.replaceIndexedRows) return true;
    return this.words.some((words) => groups.every((group) => group.terms.some((term) => words.has(term))));
  }
}
