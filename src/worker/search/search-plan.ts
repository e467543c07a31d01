import { normalizeTerm, tokenize } from './tokenize';
import type { Vocabulary } from './vocabulary';

/**
 * A group whose words are estimated in more rows than this is "common": ranking all its rows by
 * BM25 would cost more than the answer is worth (BM25 gives such a word almost no weight, and a
 * search box needs an answer in milliseconds). See search-service.ts for what is done instead.
 */
export const COMMON_MATCHES = 2_000;

/** One word of a query and the index words it stands for (itself, completions, near spellings). */
export interface WordGroup {
  word: string;
  terms: string[];
  /** How many rows hold any of `terms`, at most (the sum of their document frequencies). */
  estimate: number;
}

export interface PlanOptions {
  /**
   * Whose completions count: the last word's (a search box, where it is still being typed), every
   * word's (a question's words, for keyword_search, where "quarter" should find "quarterly").
   */
  prefix: 'last' | 'all';
}

/** The query's distinct words, normalized as the index's, each with what it expands to. */
export function planWords(text: string, vocabulary: Vocabulary, options: PlanOptions): WordGroup[] {
  const words = [...new Set(tokenize(text).map(normalizeTerm))];
  return words.map((word, i) => {
    const prefix = options.prefix === 'all' || i === words.length - 1;
    const expansions = vocabulary.expandOrKeep(word, { prefix, fuzzy: true });
    return {
      word,
      terms: expansions.map((expansion) => expansion.term),
      estimate: expansions.reduce((sum, expansion) => sum + expansion.df, 0),
    };
  });
}

export const isCommon = (group: WordGroup) => group.estimate > COMMON_MATCHES;
