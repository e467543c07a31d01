/**
 * Decides what an upload is from its name and its first bytes, before any parser is loaded. The
 * extension says what the user meant; the content must agree. When they disagree the user gets a
 * message naming what the file really is, instead of a parser's stack trace later. Within the
 * spreadsheet kind the content wins (an .xls that is really an .xlsx is read as one), because
 * spreadsheet apps and web exports mislabel those all the time.
 */
import { notASpreadsheet, notReadablePdf, notReadableSpreadsheet, notTextFile, unsupportedType } from '../content-errors';
import { looksBinary } from './decode-text';
import {
  declaredType,
  DOCX_MIME,
  PDF_MIME,
  SPREADSHEET_MIME,
  ZIP_SPREADSHEETS,
  type DetectedType,
  type SpreadsheetFormat,
} from './file-types';
import { containerOf, hasBiffHeader, startsLikeMarkup, type Container } from './magic-bytes';
import { classifyZip, listZipEntries, type ZipContent } from './zip-entries';
import { notReadableDocx } from './parse-docx-errors';

const PDF_TYPE: DetectedType = { kind: 'pdf', mimeType: PDF_MIME };
const DOCX_TYPE: DetectedType = { kind: 'docx', mimeType: DOCX_MIME };

/** How to name the content of a ZIP archive that is not what its extension says. */
const ZIP_DESCRIPTIONS: Readonly<Record<ZipContent, string>> = {
  xlsx: 'an Excel workbook (.xlsx)',
  xlsb: 'an Excel binary workbook (.xlsb)',
  ods: 'an OpenDocument spreadsheet (.ods)',
  docx: 'a Word document (.docx)',
  pptx: 'a PowerPoint presentation (.pptx)',
  odt: 'an OpenDocument text (.odt)',
  odp: 'an OpenDocument presentation (.odp)',
  opendocument: 'an OpenDocument file',
  zip: 'a ZIP archive',
};

/**
 * The kind, format and MIME type of an upload. Throws AppError 'Unsupported' for a type this app
 * cannot read, and 'InvalidInput' when the content contradicts the extension (a binary file named
 * .txt, random bytes named .xlsx, a PDF named .csv).
 */
export function detectType(name: string, bytes: Uint8Array): DetectedType {
  const declared = declaredType(name);
  const container = containerOf(bytes);
  if (declared === null) return detectByContent(name, bytes, container);
  switch (declared.kind) {
    case 'pdf':
      if (container !== 'pdf') throw notReadablePdf(name);
      return PDF_TYPE;
    case 'docx':
      return wordDocument(name, bytes, container);
    case 'spreadsheet':
      return spreadsheet(spreadsheetFormat(name, declared.format, bytes, container));
    case 'text':
      requireTextContent(name, bytes, container);
      return { kind: 'text', mimeType: declared.mimeType };
  }
}

/** No known extension: only unmistakable content is accepted (a PDF or a workbook without a name). */
function detectByContent(name: string, bytes: Uint8Array, container: Container): DetectedType {
  if (container === 'pdf') return PDF_TYPE;
  if (container === 'zip') {
    const content = classifyZip(bytes);
    if (content === 'xlsx' || content === 'xlsb' || content === 'ods') return spreadsheet(content);
    if (content === 'docx' && isWordPackage(bytes)) return DOCX_TYPE;
  }
  throw unsupportedType(name);
}

/** A .docx is a ZIP package with [Content_Types].xml and word/document.xml. */
function isWordPackage(bytes: Uint8Array): boolean {
  const names = new Set(listZipEntries(bytes)?.map((entry) => entry.name) ?? []);
  return names.has('[Content_Types].xml') && names.has('word/document.xml');
}

function wordDocument(name: string, bytes: Uint8Array, container: Container): DetectedType {
  if (container === 'ole2') {
    throw notReadableDocx(name, undefined, 'it is an old Word document (.doc) or a password-protected one');
  }
  if (container !== 'zip') throw notReadableDocx(name);
  if (isWordPackage(bytes)) return DOCX_TYPE;
  const content = classifyZip(bytes);
  if (content !== null && content !== 'docx' && content !== 'zip') {
    throw notReadableDocx(name, undefined, `it is ${ZIP_DESCRIPTIONS[content]}`);
  }
  throw notReadableDocx(name);
}

function spreadsheet(format: SpreadsheetFormat): DetectedType {
  return { kind: 'spreadsheet', format, mimeType: SPREADSHEET_MIME[format] };
}

function spreadsheetFormat(
  name: string,
  declared: SpreadsheetFormat,
  bytes: Uint8Array,
  container: Container,
): SpreadsheetFormat {
  switch (container) {
    case 'zip':
      return zipSpreadsheetFormat(name, declared, bytes);
    case 'ole2':
      // Excel 97-2003, or an encrypted xlsx (also OLE2): SheetJS tells them apart and says which.
      return 'xls';
    case 'pdf':
      throw notASpreadsheet(name, 'a PDF', 'Rename it to .pdf and upload it again.');
    case 'other':
      if (declared === 'csv' || declared === 'tsv') {
        if (looksBinary(bytes)) throw notTextFile(name, `it contains binary data, so it cannot be a .${declared} file`);
        return declared;
      }
      // Old .xls files can be bare BIFF records, or HTML/XML or tab-separated text from web exports.
      if (declared === 'xls' && (hasBiffHeader(bytes) || startsLikeMarkup(bytes) || !looksBinary(bytes))) return 'xls';
      throw notReadableSpreadsheet(name);
  }
}

function zipSpreadsheetFormat(name: string, declared: SpreadsheetFormat, bytes: Uint8Array): SpreadsheetFormat {
  const content = classifyZip(bytes);
  switch (content) {
    case null:
      // No readable directory (a truncated download): the parser refuses it as damaged, without
      // inflating anything (zip-budget.ts).
      return ZIP_SPREADSHEETS.includes(declared) ? declared : 'xlsx';
    case 'xlsx':
      return declared === 'xlsm' ? 'xlsm' : 'xlsx';
    case 'xlsb':
    case 'ods':
      return content;
    case 'opendocument':
      if (declared === 'ods') return 'ods';
      break;
  }
  throw notASpreadsheet(name, ZIP_DESCRIPTIONS[content], 'Upload a spreadsheet saved as .xlsx, .xls, .ods or .csv.');
}

function requireTextContent(name: string, bytes: Uint8Array, container: Container): void {
  switch (container) {
    case 'pdf':
      throw notTextFile(name, 'it is a PDF', 'Rename it to .pdf and upload it again.');
    case 'zip': {
      const content = classifyZip(bytes);
      throw notTextFile(name, `it is ${ZIP_DESCRIPTIONS[content ?? 'zip']}`, 'Upload it with its real extension.');
    }
    case 'ole2':
      throw notTextFile(name, 'it is a legacy Office file (.xls, .doc or .ppt)', 'Upload it with its real extension.');
    case 'other':
      if (looksBinary(bytes)) throw notTextFile(name, 'it contains binary data');
  }
}
