import { chunkText } from './chunker';
import { AppError, invalidInput } from '../../shared/errors';
import type { Repositories } from '../db/repositories';
import type { Chunk, ContentItem, ContentSummary, LineRange, NewChunk } from '../../shared/entities';
import { requireName, requireObject, requireText } from '../../shared/validate';
import type { ChangeFeed } from '../change-feed';
import type { SettingsService } from '../settings/settings-service';
import type { UploadParser, ParsedUpload, UploadInput, UploadProgressListener } from './upload-parser';

export type { UploadInput, UploadProgressListener, UploadStage } from './upload-parser';

/**
 * The session content stores: uploads parsed and chunked here in the worker, then item and chunks
 * written in one transaction; reads by line range; deletion. Every operation is scoped to a
 * session: an item of another session is "not found", never readable.
 */
export class ContentService {
  constructor(
    private readonly repos: Repositories,
    private readonly settings: SettingsService,
    private readonly changes: ChangeFeed,
    /** The worker's one parser: it also parses the uploads this tab sends to another tab's database. */
    private readonly parser: UploadParser,
  ) {}

  /**
   * Parses a file and stores it with its chunks. `uploadId` lets `cancel` stop it; a cancelled or
   * failed upload leaves the store exactly as it was.
   */
  async upload(
    sessionId: string,
    input: UploadInput,
    uploadId: string,
    onProgress?: UploadProgressListener,
  ): Promise<ContentSummary> {
    this.repos.sessions.get(sessionId);
    const parsed = await this.parser.parse(input, uploadId, this.settings.get(), onProgress);
    onProgress?.('saving');
    return this.store(sessionId, parsed);
  }

  /** Whether any upload is being parsed or saved. */
  get busy(): boolean {
    return this.parser.busy;
  }

  /**
   * Stores a parsed upload (item and chunks in one transaction). Storing the same one again, as a
   * call repeated after a hand-over between tabs does, returns the item stored the first time.
   */
  store(sessionId: string, parsed: ParsedUpload): ContentSummary {
    requireObject(parsed, 'Parsed upload');
    requireObject(parsed.item, 'Parsed upload item');
    if (!Array.isArray(parsed.chunks)) throw invalidInput('The parsed upload has no list of chunks.');
    const existing = this.existing(sessionId, parsed.item.id);
    if (existing) return existing;
    const summary = this.repos.contentStore.addContent(sessionId, parsed.item, parsed.chunks);
    this.changed(sessionId);
    return summary;
  }

  /** Stores text given directly (the `add_content` tool, a pasted snippet) as a content item. */
  addText(sessionId: string, filename: string, text: string): ContentSummary {
    const name = requireName(filename, 'File name');
    const content = requireText(text, 'Text');
    if (content.trim() === '') throw invalidInput('There is no text to add.');
    const chunks: NewChunk[] = chunkText(content, this.settings.get().chunking).map((chunk) => ({
      id: crypto.randomUUID(),
      text: chunk.text,
      startLine: chunk.startLine,
      endLine: chunk.endLine,
      page: null,
      sheet: null,
    }));
    const mimeType = /\.(md|markdown)$/i.test(name) ? 'text/markdown' : 'text/plain';
    const summary = this.repos.contentStore.addContent(
      sessionId,
      { id: crypto.randomUUID(), filename: name, mimeType, size: new TextEncoder().encode(content).byteLength, content },
      chunks,
    );
    this.changed(sessionId);
    return summary;
  }

  list(sessionId: string, offset = 0, limit = 100): ContentSummary[] {
    this.repos.sessions.get(sessionId);
    return this.repos.contentStore.listContents(sessionId, { offset, limit });
  }

  get(sessionId: string, contentId: string): ContentItem {
    return this.repos.contentStore.getContent(sessionId, contentId);
  }

  readLines(sessionId: string, contentId: string, fromLine: number, toLine: number): LineRange {
    return this.repos.contentStore.readLines(sessionId, contentId, fromLine, toLine);
  }

  chunks(sessionId: string, contentId: string): Chunk[] {
    return this.repos.contentStore.listChunks(sessionId, contentId);
  }

  delete(sessionId: string, contentId: string): void {
    this.repos.contentStore.deleteContent(sessionId, contentId);
    this.changed(sessionId);
  }

  private existing(sessionId: string, contentId: unknown): ContentSummary | undefined {
    if (typeof contentId !== 'string') return undefined;
    try {
      const { content: _text, ...summary } = this.repos.contentStore.getContent(sessionId, contentId);
      return summary;
    } catch (error) {
      if (error instanceof AppError && error.code === 'NotFound') return undefined;
      throw error;
    }
  }

  private changed(sessionId: string): void {
    this.changes.emit({ kind: 'content', sessionId });
  }
}
