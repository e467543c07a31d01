/**
 * The one entry point for uploads: bytes in, text and chunks out, ready for the content store.
 * Runs in the app worker. Cheap checks come first (size, then type from name and magic bytes), so
 * a file that cannot be read is refused before a parser is even downloaded; the PDF, Word and
 * spreadsheet parsers are imported on first use.
 *
 * Failures a user can cause are AppErrors with a code (InvalidInput, Unsupported) and a message
 * that names the file and says what to do. Cancellation is not one of them: when `signal` aborts,
 * parseDocument rejects with `signal.reason` (a DOMException named 'AbortError' unless the caller
 * gave another reason); test for it with `isAbortError` from cancellation.ts. It is noticed
 * between stages, sheets and pages: a single SheetJS read cannot be interrupted.
 */
import { invalidInput } from '../../../shared/errors';
import { requireName, requireObject } from '../../../shared/validate';
import { createCheckpoint } from '../cancellation';
import { chunkText, type TextChunk } from '../chunker';
import { emptyFile, readerUnavailable } from '../content-errors';
import { decodeText } from './decode-text';
import { detectType } from './detect-type';
import type { ExtractedText, TextSegment } from './extracted-text';
import type { DetectedType, DocumentKind } from './file-types';
import { uploadTooBig } from '../../../shared/file-limits';
import { validateChunkOptions, validateLimits, type ChunkOptions, type ContentLimits } from '../limits';
import { countLines } from '../lines';

export interface ParseDocumentInput {
  /** The file name as the user knows it; its extension matters. */
  name: string;
  bytes: Uint8Array;
}

export type ParseStage = 'reading' | 'parsing' | 'chunking';

/** Pages done so far, for PDFs (the only parser that can tell). */
export interface ParseProgress {
  done: number;
  total: number;
}

export interface ParseDocumentOptions {
  /** Defaults to DEFAULT_LIMITS; validated, so settings can be passed straight through. */
  limits?: ContentLimits;
  /** Defaults to DEFAULT_CHUNK_OPTIONS; validated. */
  chunking?: ChunkOptions;
  /** Where the app serves pdf.js's CMaps (needed for CJK PDFs); see PdfOptions.cMapUrl. */
  cMapUrl?: string;
  signal?: AbortSignal;
  /** Called as each stage starts, and during 'parsing' with page counts for PDFs. */
  onProgress?: (stage: ParseStage, progress?: ParseProgress) => void;
}

export interface ParsedDocument {
  filename: string;
  mimeType: string;
  kind: DocumentKind;
  /** Bytes of the uploaded file. */
  size: number;
  /** The full extracted text; line numbers everywhere are `splitLines(text)` positions. */
  text: string;
  lineCount: number;
  /** Which lines came from which PDF page or sheet; empty for text files. */
  segments: TextSegment[];
  chunks: TextChunk[];
}

export async function parseDocument(input: ParseDocumentInput, options: ParseDocumentOptions = {}): Promise<ParsedDocument> {
  const { signal, onProgress } = options;
  // Yield at every stage boundary: a cancel posted during the previous stage is seen right away.
  const checkpoint = createCheckpoint(signal, 0);
  signal?.throwIfAborted();
  onProgress?.('reading');
  const upload = requireObject<Partial<ParseDocumentInput>>(input, 'The upload');
  const name = requireName(upload.name, 'File name');
  const { bytes } = upload;
  if (!(bytes instanceof Uint8Array)) throw invalidInput(`The content of ${name} must be bytes (a Uint8Array).`);
  const limits = validateLimits(options.limits ?? {});
  const chunking = validateChunkOptions(options.chunking ?? {});

  const size = bytes.byteLength;
  const tooBig = uploadTooBig(name, size, limits.maxFileBytes);
  if (tooBig) throw invalidInput(tooBig);
  if (size === 0) throw emptyFile(name);
  const type = detectType(name, bytes);

  await checkpoint();
  onProgress?.('parsing');
  const extracted = await extract(name, bytes, type, limits, options);

  await checkpoint();
  onProgress?.('chunking');
  const chunks = chunkText(extracted.text, chunking, extracted.segments);
  return {
    filename: name,
    mimeType: type.mimeType,
    kind: type.kind,
    size,
    text: extracted.text,
    lineCount: extracted.lineCount,
    segments: extracted.segments,
    chunks,
  };
}

async function extract(
  name: string,
  bytes: Uint8Array,
  type: DetectedType,
  limits: ContentLimits,
  { cMapUrl, signal, onProgress }: ParseDocumentOptions,
): Promise<ExtractedText> {
  switch (type.kind) {
    case 'text': {
      const text = decodeText(name, bytes);
      if (text === '') throw emptyFile(name);
      return { text, lineCount: countLines(text), segments: [] };
    }
    case 'spreadsheet': {
      const { parseSpreadsheet } = await load(() => import('./parse-spreadsheet'), 'spreadsheet reader');
      return parseSpreadsheet(name, bytes, type.format, { maxRows: limits.maxSheetRows, signal });
    }
    case 'docx': {
      const { parseDocx } = await load(() => import('./parse-docx'), 'Word document reader');
      return parseDocx(name, bytes, { signal });
    }
    case 'pdf': {
      const { parsePdf } = await load(() => import('./parse-pdf'), 'PDF reader');
      const onPage = (done: number, total: number) => onProgress?.('parsing', { done, total });
      return parsePdf(name, bytes, { maxPages: limits.maxPdfPages, cMapUrl, signal, onPage });
    }
  }
}

/** A parser chunk that fails to download is the app's problem (offline, a new deploy), not the file's. */
async function load<T>(importer: () => Promise<T>, what: string): Promise<T> {
  try {
    return await importer();
  } catch (error) {
    throw readerUnavailable(what, error);
  }
}
