import { invalidInput } from '../../shared/errors';
import { ROLES } from '../../shared/entities';
import { requireId, requireObject, requirePositiveInteger } from '../../shared/validate';
import { messageSearchText } from './message-text';
import type { IndexHit } from './session-index';
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

/** A hit as the UI shows it: what it is, where it is, and the words around the match. */
export function describeHit(
  source: SearchSource,
  hit: IndexHit & { sessionId: string },
  sessionName: string,
): SearchHit | undefined {
  if (hit.kind === 'message') {
    const message = source.message(hit.id);
    if (!message) return undefined;
    const snippet = makeSnippet(messageSearchText(message), hit.terms);
    const base = { sessionId: hit.sessionId, sessionName, score: hit.score, at: message.createdAt, snippet };
    return { ...base, kind: 'message', messageId: message.id, role: message.role };
  }
  const chunk = source.chunk(hit.id);
  if (!chunk) return undefined;
  const { contentId, filename, startLine, endLine } = chunk;
  const base = {
    sessionId: hit.sessionId,
    sessionName,
    score: hit.score,
    at: hit.at,
    snippet: makeSnippet(chunk.text, hit.terms),
  };
  return { ...base, kind: 'document', contentId, chunkId: chunk.id, filename, startLine, endLine };
}
