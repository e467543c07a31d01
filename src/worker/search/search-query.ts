import { invalidInput } from '../../shared/errors';
import { ROLES } from '../../shared/entities';
import { requireId, requireObject, requirePositiveInteger } from '../../shared/validate';
import { messageSearchText } from './message-text';
import { isChunkDoc, rowidOf } from './index-rows';
import type { RankedDoc } from './index-reader';
import { makeSnippet } from './snippet';
import type { SearchSource } from './search-source';
import type { SearchHit, SearchQuery } from './search-types';

const MAX_LIMIT = 200;
const DEFAULT_LIMIT = 50;

export function validateQuery(input: SearchQuery): Required<Pick<SearchQuery, 'text' | 'limit'>> & SearchQuery {
  const query = requireObject<SearchQuery>(input, 'Search');
  if (typeof query.text !== 'string') throw invalidInput('The search text must be text.');
  if (query.text.length > 1_000) throw invalidInput('The search text is too long: use at most 1,000 characters.');
  if (query.sessionId !== undefined) requireId(query.sessionId, 'Session id');
  if (query.role !== undefined && query.role !== 'document' && !ROLES.includes(query.role)) {
    throw invalidInput(`Unknown role "${String(query.role)}": use user, assistant, tool, system or document.`);
  }
  for (const [name, value] of [
    ['from', query.from],
    ['to', query.to],
  ] as const) {
    if (value !== undefined && !Number.isFinite(value)) throw invalidInput(`The "${name}" date must be a time in milliseconds.`);
  }
  const limit = query.limit === undefined ? DEFAULT_LIMIT : requirePositiveInteger(query.limit, 'Result limit', MAX_LIMIT);
  return { ...query, text: query.text.trim(), limit };
}

/**
 * Hits as the UI shows them, in the order of `ranked`: what each is, where it is, and the words
 * around the match (`terms`: every index word the query stood for). Rows gone meanwhile are left out.
 */
export function describeHits(source: SearchSource, ranked: RankedDoc[], terms: readonly string[]): SearchHit[] {
  const messages = source.messages(ranked.filter((hit) => !isChunkDoc(hit.doc)).map((hit) => rowidOf(hit.doc)));
  const chunks = source.chunks(ranked.filter((hit) => isChunkDoc(hit.doc)).map((hit) => rowidOf(hit.doc)));
  return ranked.flatMap(({ doc, score }): SearchHit[] => {
    const message = isChunkDoc(doc) ? undefined : messages.get(rowidOf(doc));
    if (message) {
      const snippet = makeSnippet(messageSearchText(message), terms);
      const base = {
        sessionId: message.sessionId,
        sessionName: message.sessionName,
        score,
        at: message.createdAt,
        snippet,
      };
      return [{ ...base, kind: 'message', messageId: message.id, role: message.role }];
    }
    const chunk = isChunkDoc(doc) ? chunks.get(rowidOf(doc)) : undefined;
    if (!chunk) return [];
    const { contentId, filename, startLine, endLine, sessionId, sessionName, at } = chunk;
    const base = { sessionId, sessionName, score, at, snippet: makeSnippet(chunk.text, terms) };
    return [{ ...base, kind: 'document', contentId, chunkId: chunk.id, filename, startLine, endLine }];
  });
}
