/**
 * How much an upload may hold, and how its text is cut into chunks. These are defaults a user can
 * change in Settings; the validators below check whatever the settings hand over. The ceilings
 * are there because a browser tab dies long before they would matter (SheetJS needs ~1 KB of heap
 * per cell; pdf.js keeps every page's fonts until the document closes).
 */
import { invalidInput } from '../../shared/errors';
import { requireNonNegativeInteger, requireObject, requirePositiveInteger } from '../../shared/validate';

export interface ContentLimits {
  /** Files larger than this are refused before anything is parsed. */
  maxFileBytes: number;
  /** PDFs with more pages are refused (checked before any page is read). */
  maxPdfPages: number;
  /** Spreadsheets with more rows, counted over all sheets, are refused. */
  maxSheetRows: number;
}

/**
 * How the extracted text is cut into chunks for search. Lengths are in UTF-16 code units
 * (JavaScript's `string.length`), the unit every consumer of a chunk counts in.
 */
export interface ChunkOptions {
  /** At most this many lines per chunk. */
  linesPerChunk: number;
  /** At most this many characters per chunk, unless one line alone is longer (it is never split). */
  maxChars: number;
  /** Lines repeated at the start of the next chunk, for context across the cut; less than linesPerChunk. */
  overlapLines: number;
}

const MB = 1024 * 1024;

export const DEFAULT_LIMITS: Readonly<ContentLimits> = Object.freeze({
  maxFileBytes: 50 * MB,
  maxPdfPages: 2000,
  maxSheetRows: 200_000,
});

/** ~2,000 characters is a paragraph or two: big enough for context, small enough to rank well. */
export const DEFAULT_CHUNK_OPTIONS: Readonly<ChunkOptions> = Object.freeze({
  linesPerChunk: 50,
  maxChars: 2000,
  overlapLines: 0,
});

export const LIMIT_CEILINGS: Readonly<ContentLimits> = Object.freeze({
  maxFileBytes: 512 * MB,
  maxPdfPages: 100_000,
  maxSheetRows: 2_000_000,
});

/**
 * Budgets no real file meets, against files crafted to exhaust the tab's memory: a .xlsx, .ods or
 * .docx is a ZIP archive, and a few MB of it can inflate to gigabytes (or declare small sizes and
 * inflate to more). Its parts are unpacked within MAX_UNZIPPED_BYTES in all, before any library
 * sees them (zip-budget.ts). A spreadsheet's cells are counted in its XML before SheetJS reads
 * it (sheet-cells.ts): SheetJS keeps an object per cell, and a few repeated-cell attributes of an
 * .ods can ask for billions. 5 million cells is 200,000 rows of 25 columns.
 */
export const MAX_UNZIPPED_BYTES = 256 * MB;
export const MAX_SHEET_CELLS = 5_000_000;

export const MAX_LINES_PER_CHUNK = 10_000;
export const MAX_CHUNK_CHARS = 1_000_000;

/**
 * Checks limits from settings; a missing field takes its default. Throws InvalidInput naming the
 * first bad field and its allowed range.
 */
export function validateLimits(input: unknown = {}): ContentLimits {
  const value = requireObject<Partial<Record<keyof ContentLimits, unknown>>>(input, 'Content limits');
  const field = (key: keyof ContentLimits) => requirePositiveInteger(value[key] ?? DEFAULT_LIMITS[key], key, LIMIT_CEILINGS[key]);
  return { maxFileBytes: field('maxFileBytes'), maxPdfPages: field('maxPdfPages'), maxSheetRows: field('maxSheetRows') };
}

/** Checks chunking options from settings; a missing field takes its default. */
export function validateChunkOptions(input: unknown = {}): ChunkOptions {
  const value = requireObject<Partial<Record<keyof ChunkOptions, unknown>>>(input, 'Chunking options');
  const linesPerChunk = requirePositiveInteger(
    value.linesPerChunk ?? DEFAULT_CHUNK_OPTIONS.linesPerChunk,
    'linesPerChunk',
    MAX_LINES_PER_CHUNK,
  );
  const maxChars = requirePositiveInteger(value.maxChars ?? DEFAULT_CHUNK_OPTIONS.maxChars, 'maxChars', MAX_CHUNK_CHARS);
  const overlapLines = requireNonNegativeInteger(value.overlapLines ?? DEFAULT_CHUNK_OPTIONS.overlapLines, 'overlapLines');
  if (overlapLines >= linesPerChunk) {
    throw invalidInput(`overlapLines (${overlapLines}) must be less than linesPerChunk (${linesPerChunk}).`);
  }
  return { linesPerChunk, maxChars, overlapLines };
}

/** "200,000": counts in messages, grouped the same way whatever the worker's locale. */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}
