import MiniSearch from 'minisearch';

/** A word of the index a query word stands for, with how many documents hold it. */
export interface Expansion {
  term: string;
  df: number;
}

export interface ExpandOptions {
  /** The word being typed: words that start with it count too (from two characters). */
  prefix: boolean;
  /** Forgive a typo (from five characters, where one slip cannot make another common word). */
  fuzzy: boolean;
}

/** One query word never becomes more than this many index words: the most frequent are kept. */
const MAX_EXPANSIONS = 32;
const MIN_PREFIX = 2;
const MIN_FUZZY = 5;

interface Word {
  term: string;
}

const newWordIndex = () =>
  new MiniSearch<Word>({
    idField: 'term',
    fields: ['term'],
    // A word of the index is already normalized and whole: minisearch must not split it again.
    tokenize: (text) => [text],
    processTerm: (term) => term,
  });

/**
 * The index's vocabulary: a minisearch index whose documents are the words of the search index
 * (not messages), so prefix and typo expansion is minisearch's radix tree and Levenshtein search
 * over a few thousand words instead of over every posting. Each word keeps its document
 * frequency, which tells a query a common word from a selective one (search-plan.ts).
 */
export class Vocabulary {
  private readonly frequency = new Map<string, number>();
  private readonly words = newWordIndex();

  get size(): number {
    return this.frequency.size;
  }

  /** Adds a word with its document frequency (a load, a rebuild). */
  put(term: string, df: number): void {
    if (!this.frequency.has(term)) this.words.add({ term });
    this.frequency.set(term, df);
  }

  /**
   * Counts newly indexed documents: `counts` says in how many each word appears. Documents
   * replaced or removed are not subtracted (their words are no longer known); the indexing
   * pass counts again exactly (vocabulary-store.ts).
   */
  learn(counts: Map<string, number>): void {
    for (const [term, count] of counts) {
      const df = this.frequency.get(term);
      if (df === undefined) this.words.add({ term });
      this.frequency.set(term, (df ?? 0) + count);
    }
  }

  frequencyOf(term: string): number {
    return this.frequency.get(term) ?? 0;
  }

  /**
   * The index words `word` stands for: itself, the words it is the start of, and, when the index
   * does not know it as typed, the words it is a slip of (a known word is taken as meant: the
   * Levenshtein search costs milliseconds, the lookup microseconds).
   */
  expand(word: string, options: ExpandOptions): Expansion[] {
    const exact = this.frequency.get(word);
    const prefix = options.prefix && word.length >= MIN_PREFIX;
    const fuzzy = options.fuzzy && word.length >= MIN_FUZZY && exact === undefined;
    if (!prefix && !fuzzy) return exact === undefined ? [] : [{ term: word, df: exact }];
    // Two searches, not one with both options: minisearch would then look for near spellings of
    // every completion too, five times the cost (measured), for words nobody typed.
    const completions = prefix ? this.words.search(word, { prefix: true }) : [];
    const slips = fuzzy ? this.words.search(word, { fuzzy: 0.2 }) : [];
    const found = [...new Set([...completions, ...slips].map((result) => String(result.id)))]
      .filter((term) => term !== word)
      .map((term) => ({ term, df: this.frequencyOf(term) }))
      .sort((a, b) => b.df - a.df);
    const kept = found.slice(0, exact === undefined ? MAX_EXPANSIONS : MAX_EXPANSIONS - 1);
    return exact === undefined ? kept : [{ term: word, df: exact }, ...kept];
  }

  /**
   * `expand`, and the word itself when nothing is known of it: the vocabulary can be behind the
   * index (during a build, before its recount), and a word missing from it must never hide
   * rows that hold it. Asking the index for a word it lacks costs microseconds.
   */
  expandOrKeep(word: string, options: ExpandOptions): Expansion[] {
    const expansions = this.expand(word, options);
    return expansions.length > 0 ? expansions : [{ term: word, df: 0 }];
  }
}
