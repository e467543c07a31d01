import { matchExpression, type IndexFilter, type IndexReader, type RankedDoc } from './index-reader';
import { isCommon, type WordGroup } from './search-plan';

/** Rows ranked when common words must also match (they are checked after ranking). */
const MAX_CANDIDATES = 2_000;
/**
 * A query with a session or role whose words are in at most this many rows is ranked over every
 * session and filtered after: FTS5 would otherwise read the whole session's tag to intersect it.
 */
const FILTER_AFTER = 200;

export interface Ranked {
  ranked: RankedDoc[];
  order: 'relevance' | 'newest';
}

/**
 * Which rows answer a query, in what order. Every word selective: BM25 over the whole corpus.
 * Every word common: the newest matches (FTS5 walks them without scoring). Both kinds: the
 * selective words rank, the common ones only have to match.
 */
export function rankQuery(reader: IndexReader, groups: WordGroup[], filter: IndexFilter, limit: number): Ranked {
  if (groups.length === 0 || groups.some((group) => group.terms.length === 0)) return { ranked: [], order: 'relevance' };
  const all = matchExpression(
    groups.map((group) => group.terms),
    filter,
  );
  const selective = groups.filter((group) => !isCommon(group));
  if (selective.length === 0) return { ranked: reader.newest(all, filter, limit), order: 'newest' };
  if (selective.length === groups.length) return { ranked: rankSelective(reader, groups, filter, limit), order: 'relevance' };
  const ranked = reader.byRelevance(
    matchExpression(
      selective.map((group) => group.terms),
      filter,
    ),
    filter,
    MAX_CANDIDATES,
  );
  const matchingEveryWord = reader.matching(all);
  return { ranked: ranked.filter((hit) => matchingEveryWord.has(hit.doc)).slice(0, limit), order: 'relevance' };
}

/** Every word selective: BM25 over the matches, narrowed to the filter's scope one way or the other. */
function rankSelective(reader: IndexReader, groups: WordGroup[], filter: IndexFilter, limit: number): RankedDoc[] {
  const scoped = filter.sessionId !== undefined || filter.role !== undefined;
  const narrowest = Math.min(...groups.map((group) => group.estimate));
  if (scoped && narrowest <= FILTER_AFTER) {
    const everywhere = reader.byRelevance(
      matchExpression(
        groups.map((group) => group.terms),
        {},
      ),
      filter,
      FILTER_AFTER * 4,
    );
    // More than the estimate allowed (the vocabulary is behind): the tags narrow it instead.
    if (everywhere.length < FILTER_AFTER * 4) {
      const inScope = reader.inScope(
        everywhere.map((hit) => hit.doc),
        filter,
      );
      return everywhere.filter((hit) => inScope.has(hit.doc)).slice(0, limit);
    }
  }
  return reader.byRelevance(
    matchExpression(
      groups.map((group) => group.terms),
      filter,
    ),
    filter,
    limit,
  );
}
