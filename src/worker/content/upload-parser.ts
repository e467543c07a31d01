import { isAbortError } from './cancellation';
import type { ChunkOptions, ContentLimits } from './limits';
import { parseDocument, type ParseProgress, type ParseStage } from './parsers/parse-document';
import { AppError, invalidInput } from '../../shared/errors';
import type { NewChunk, NewContent } from '../../shared/entities';
import { requireId } from '../../shared/validate';

export type UploadStage = ParseStage | 'saving';

export interface UploadInput {
  name: string;
  bytes: Uint8Array;
}

export type UploadProgressListener = (stage: UploadStage, progress?: ParseProgress) => void;

/** A parsed upload, ready for the content store: item and chunks with the ids they will be stored under. */
export interface ParsedUpload {
  item: NewContent;
  chunks: NewChunk[];
}

/**
 * The parsing half of an upload, in the worker of the tab the file was dropped in: it has the
 * bytes, so only the text and chunks travel to the tab that owns the database. The ids are chosen
 * here, so storing the same parsed upload twice (after a hand-over) stores it once.
 */
export class UploadParser {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly cMapUrl: string) {}

  async parse(
    input: UploadInput,
    uploadId: string,
    settings: { contentLimits: ContentLimits; chunking: ChunkOptions },
    onProgress?: UploadProgressListener,
  ): Promise<ParsedUpload> {
    requireId(uploadId, 'Upload id');
    if (onProgress !== undefined && typeof onProgress !== 'function') {
      throw invalidInput('onProgress must be a function (a Comlink proxy).');
    }
    if (this.running.has(uploadId)) throw invalidInput(`Upload ${uploadId} is already running.`);
    const controller = new AbortController();
    this.running.set(uploadId, controller);
    try {
      // Raced against the cancel itself: a parser busy inside a library call must not hold the
      // upload open after the user cancelled; whatever it still does is thrown away.
      const parsing = parseDocument(input, {
        limits: settings.contentLimits,
        chunking: settings.chunking,
        cMapUrl: this.cMapUrl,
        signal: controller.signal,
        onProgress: (stage, progress) => onProgress?.(stage, progress),
      });
      parsing.catch(() => undefined);
      const cancelled = new Promise<never>((_, reject) => {
        controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
      });
      const parsed = await Promise.race([parsing, cancelled]);
      controller.signal.throwIfAborted();
      return {
        item: {
          id: crypto.randomUUID(),
          filename: parsed.filename,
          mimeType: parsed.mimeType,
          size: parsed.size,
          content: parsed.text,
        },
        chunks: parsed.chunks.map((chunk) => ({
          id: crypto.randomUUID(),
          text: chunk.text,
          startLine: chunk.startLine,
          endLine: chunk.endLine,
          page: chunk.page ?? null,
          sheet: chunk.sheet ?? null,
        })),
      };
    } catch (error) {
      throw asCancelled(error, input?.name);
    } finally {
      this.running.delete(uploadId);
    }
  }

  /** Whether an upload is being parsed here: a reload would lose it. */
  get busy(): boolean {
    return this.running.size > 0;
  }

  /** Stops a running upload; nothing of it is saved. Unknown or finished uploads are ignored. */
  cancel(uploadId: string): void {
    requireId(uploadId, 'Upload id');
    this.running.get(uploadId)?.abort();
  }
}

export function asCancelled(error: unknown, name: string | undefined): unknown {
  if (isAbortError(error))
    return new AppError('Cancelled', `The upload of ${name ?? 'the file'} was cancelled. Nothing was saved.`);
  return error;
}
