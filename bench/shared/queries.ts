import { RARE_WORD } from './corpus';

/**
 * The search queries, each as the app's SearchService and as FTS5 take it. FTS5 strings are quoted so that a
 * query is a phrase, never FTS5 syntax; CJK goes to the trigram table (unicode61 keeps a whole run
 * of CJK characters as one token, so it cannot find a word inside a sentence).
 */
export interface SearchQuery {
  id: 'common' | 'rare' | 'prefix' | 'typo' | 'cjk';
  label: string;
  text: string;
  fts5: string;
  fts5Table: 'words' | 'trigram';
  /** Whether FTS5 can answer it at all; the "no slower than 2x FTS5" target skips the others. */
  fts5Comparable: boolean;
}

export const QUERIES: readonly SearchQuery[] = [
  { id: 'common', label: 'common word "the"', text: 'the', fts5: '"the"', fts5Table: 'words', fts5Comparable: true },
  {
    id: 'rare',
    label: `rare word "${RARE_WORD}"`,
    text: RARE_WORD,
    fts5: `"${RARE_WORD}"`,
    fts5Table: 'words',
    fts5Comparable: true,
  },
  { id: 'prefix', label: 'prefix "conf"', text: 'conf', fts5: '"conf"*', fts5Table: 'words', fts5Comparable: true },
  {
    id: 'typo',
    label: 'typo "configuraton"',
    text: 'configuraton',
    fts5: '"configuraton"',
    fts5Table: 'words',
    fts5Comparable: false,
  },
  { id: 'cjk', label: 'CJK "数据库"', text: '数据库', fts5: '"数据库"', fts5Table: 'trigram', fts5Comparable: true },
];

/** Results a search shows: both engines return their best 50. */
export const SEARCH_LIMIT = 50;
