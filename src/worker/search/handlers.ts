import type { Services } from '../compose';
import type { IndexStatus, SearchQuery, SearchResults } from './search-service';

/** Search over every session's messages and documents. */
export const searchHandlers = (services: () => Services) => ({
  /**
   * Messages and document chunks matching `query.text` (every word; the last as a prefix; small
   * typos forgiven), best first, in every session or one, filtered by role or documents and by date.
   */
  query: (query: SearchQuery): Promise<SearchResults> => services().search.query(query),

  /** Per session: items indexed, when, and the last rebuild's duration. */
  status: (): IndexStatus[] => services().search.status(),

  /** Builds one session's index, or every one, again from the database. */
  rebuild: (sessionId?: string): Promise<IndexStatus[]> => services().search.rebuild(sessionId),
});
