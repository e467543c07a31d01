/**
 * Spreadsheets (xlsx, xlsm, xlsb, xls, ods, csv, tsv) to text with SheetJS. Loaded on demand by
 * parse-document.ts: SheetJS is ~1 MB and most uploads never need it.
 *
 * Each sheet becomes a section headed "## Sheet: NAME", its rows written as CSV. CSV rather than
 * tab-separated text because its quoting keeps a cell holding a comma, a quote, a tab or a line
 * break unambiguous, and because both people and language models read it without explanation.
 * Empty rows and trailing empty cells are left out. A csv or tsv file has a single unnamed sheet,
 * so it gets no heading and its lines no sheet name.
 */
import { read, utils, type ParsingOptions, type WorkBook, type WorkSheet } from '@e965/xlsx';
import { AppError } from '../../../shared/errors';
import { createCheckpoint } from '../cancellation';
import { emptyFile, notReadableSpreadsheet, overLimit, passwordProtected } from '../content-errors';
import { decodeText } from './decode-text';
import { TextBuilder, type ExtractedText } from './extracted-text';
import type { SpreadsheetFormat } from './file-types';
import { formatCount, MAX_SHEET_CELLS } from '../limits';
import { countCells } from './sheet-cells';
import { storedZip, unzipWithinBudget } from './zip-budget';

export interface SpreadsheetOptions {
  /** The most rows accepted, counted over all sheets (ContentLimits.maxSheetRows). */
  maxRows: number;
  signal?: AbortSignal;
}

const EMPTY_SHEET = '(empty sheet)';

export async function parseSpreadsheet(
  name: string,
  bytes: Uint8Array,
  format: SpreadsheetFormat,
  options: SpreadsheetOptions,
): Promise<ExtractedText> {
  const checkpoint = createCheckpoint(options.signal);
  const safeBytes = isTextFormat(format) ? bytes : withinBudget(name, bytes);
  await checkpoint();
  const workbook = readWorkbook(name, safeBytes, format, options.maxRows);
  await checkpoint();
  requireRowsWithinLimit(name, workbook, options.maxRows);
  const textOnly = isTextFormat(format);
  const builder = new TextBuilder();
  let hasData = false;
  for (const sheetName of workbook.SheetNames) {
    await checkpoint();
    const sheet = workbook.Sheets[sheetName];
    const csv = sheet ? utils.sheet_to_csv(sheet, { blankrows: false, strip: true }) : '';
    hasData ||= csv !== '';
    if (textOnly) builder.addSection([csv]);
    else builder.addSection([`## Sheet: ${oneLine(sheetName)}`, csv === '' ? EMPTY_SHEET : csv], { sheet: sheetName });
  }
  if (!hasData) throw emptyFile(name, textOnly ? 'it has no rows' : 'none of its sheets has any cells');
  return builder.build();
}

const isTextFormat = (format: SpreadsheetFormat) => format === 'csv' || format === 'tsv';

/** The first bytes SheetJS takes for a ZIP archive (xlsx.mjs, readSync), whatever the file's name. */
const looksLikeZipToSheetJs = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] < 9 && bytes[3] < 9;

/**
 * A workbook that is a ZIP archive, unpacked within the budget and its cells counted before
 * SheetJS sees it (zip-budget.ts, sheet-cells.ts); SheetJS then reads the stored copy, which holds
 * exactly what was inflated. Anything else SheetJS reads as it is.
 */
function withinBudget(name: string, bytes: Uint8Array): Uint8Array {
  if (!looksLikeZipToSheetJs(bytes)) return bytes;
  const advice = 'Split it into smaller files, or save its sheets as .csv and upload those.';
  const parts = unzipWithinBudget(name, bytes, { damaged: (cause) => notReadableSpreadsheet(name, cause), advice });
  const cells = countCells(parts.values(), MAX_SHEET_CELLS);
  if (cells > MAX_SHEET_CELLS) {
    throw overLimit(name, `has more than ${formatCount(MAX_SHEET_CELLS)} cells, the most LibrAgent reads from one file`, advice);
  }
  return storedZip(parts);
}

function readWorkbook(name: string, bytes: Uint8Array, format: SpreadsheetFormat, maxRows: number): WorkBook {
  const common: ParsingOptions = {
    dense: true, // about 5x faster to turn into CSV, and less memory
    sheetRows: maxRows + 1, // stop parsing a sheet one row past the limit: enough to know it is over
    cellHTML: false,
    cellFormula: false,
    cellStyles: false,
    bookVBA: false,
  };
  try {
    if (isTextFormat(format)) {
      // Decoded here, strictly as UTF-8: SheetJS would read bytes as Latin-1. raw: cells stay the
      // text they were ("00123" and "1/2/2024" are not turned into a number and a date).
      const text = decodeText(name, bytes);
      return read(text, { ...common, type: 'string', raw: true, ...(format === 'tsv' ? { FS: '\t' } : {}) });
    }
    // A fresh view of the same memory: SheetJS hangs its read cursor and helpers on the array it is given.
    return read(bytes.subarray(0), { ...common, type: 'array' });
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof Error && /password/i.test(error.message)) throw passwordProtected(name, error);
    throw notReadableSpreadsheet(name, error);
  }
}

function requireRowsWithinLimit(name: string, workbook: WorkBook, maxRows: number): void {
  let total = 0;
  for (const sheetName of workbook.SheetNames) {
    const sheet = workbook.Sheets[sheetName];
    total += sheet ? rowCount(sheet) : 0;
    if (total > maxRows) {
      throw overLimit(
        name,
        `has more rows than the limit of ${formatCount(maxRows)} (all sheets together)`,
        'Remove rows or split it into smaller files, or raise the limit in Settings.',
      );
    }
  }
}

/** Rows up to the last one with a cell. Dense sheets know it; the range is the fallback. */
function rowCount(sheet: WorkSheet): number {
  const data = sheet['!data'];
  if (Array.isArray(data)) return data.length;
  const ref = sheet['!ref'];
  if (!ref) return 0;
  const range = utils.decode_range(ref);
  return range.e.r + 1;
}

/** Sheet names may hold line breaks in some formats; a heading must stay one line. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}
