import type { Chunk, ContentItem, ContentSummary, LineRange } from '../../shared/entities';
import type { Services } from '../compose';
import type { ChunkHit } from '../search/search-service';
import type { AppSettings } from '../settings/settings-service';
import type { DatabaseTab } from '../tab/database-tab';
import {
  asCancelled,
  type ParsedUpload,
  type UploadInput,
  type UploadParser,
  type UploadProgressListener,
} from './upload-parser';

/** Each session's content store: the documents its assistant reads, with their chunks. */
export const contentHandlers = (services: () => Services) => ({
  /**
   * Stores an upload parsed in another tab (item and chunks in one transaction). Storing the same
   * one again, as a call repeated after a hand-over does, returns the item stored the first time.
   */
  store: (sessionId: string, parsed: ParsedUpload): ContentSummary => services().content.store(sessionId, parsed),

  /** Stores text given directly (a pasted snippet) as a content item, chunked like an upload. */
  addText: (sessionId: string, filename: string, text: string): ContentSummary =>
    services().content.addText(sessionId, filename, text),

  /** The session's items without their text, `limit` of them from `offset`. */
  list: (sessionId: string, offset?: number, limit?: number): ContentSummary[] =>
    services().content.list(sessionId, offset, limit),

  /** One item with its whole text; an item of another session is NotFound. */
  get: (sessionId: string, contentId: string): ContentItem => services().content.get(sessionId, contentId),

  /** Lines `fromLine` to `toLine` (1-based, inclusive; clamped to the end) of an item's text. */
  readLines: (sessionId: string, contentId: string, fromLine: number, toLine: number): LineRange =>
    services().content.readLines(sessionId, contentId, fromLine, toLine),

  /** The chunks an item was split into for search, in order. */
  chunks: (sessionId: string, contentId: string): Chunk[] => services().content.chunks(sessionId, contentId),

  /** The session's passages that best match any of the words of `query`, best first (at most `topN`). */
  search: (sessionId: string, query: string, topN?: number): Promise<ChunkHit[]> =>
    services().search.searchDocuments(sessionId, query, topN),

  /** Deletes an item with its chunks. */
  delete: (sessionId: string, contentId: string): void => services().content.delete(sessionId, contentId),
});

type UploadTab = Pick<DatabaseTab, 'forwarding' | 'route' | 'owned'>;

/** Uploads: parsed in this tab's worker, which has the file, whichever tab owns the database. */
export const uploadHandlers = (tab: UploadTab, parser: UploadParser) => ({
  /**
   * Parses and stores a file (PDF, spreadsheet, text) in the session's content store. Pass the
   * bytes with Comlink.transfer. `onProgress` (a Comlink.proxy) hears each stage; `cancelUpload`
   * with the same `uploadId` stops it and nothing is saved (the call rejects with `Cancelled`).
   */
  upload: async (
    sessionId: string,
    input: UploadInput,
    uploadId: string,
    onProgress?: UploadProgressListener,
  ): Promise<ContentSummary> => {
    if (tab.forwarding) return uploadToOwner(tab, parser, sessionId, input, uploadId, onProgress);
    return (await tab.owned()).content.upload(sessionId, input, uploadId, onProgress);
  },

  /** Stops a running upload; nothing of it is saved. Unknown or finished uploads are ignored. */
  cancelUpload: (uploadId: string): void => parser.cancel(uploadId),
});

/** Parses here, in the tab that has the file; only the parsed text and chunks go to the owner. */
async function uploadToOwner(
  tab: UploadTab,
  parser: UploadParser,
  sessionId: string,
  input: UploadInput,
  uploadId: string,
  onProgress?: UploadProgressListener,
): Promise<ContentSummary> {
  await tab.route('sessions.get', [sessionId]);
  const settings = (await tab.route('settings.get', [])) as AppSettings;
  const parsed = await parser.parse(input, uploadId, settings, onProgress);
  onProgress?.('saving');
  try {
    return (await tab.route('content.store', [sessionId, parsed])) as ContentSummary;
  } catch (error) {
    throw asCancelled(error, input?.name);
  }
}
