/**
 * The few leading bytes that say what a file really is, whatever its name claims. Only cheap checks
 * on the first kilobytes: they run before any parser is loaded.
 */

export type Container = 'pdf' | 'zip' | 'ole2' | 'other';

const PDF_HEADER = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"
const ZIP_LOCAL_HEADER = [0x50, 0x4b, 0x03, 0x04]; // "PK\3\4"
const ZIP_EMPTY_ARCHIVE = [0x50, 0x4b, 0x05, 0x06]; // "PK\5\6": an archive with no entries
const OLE2_HEADER = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]; // legacy Office (xls, doc, encrypted xlsx)

/** PDF readers accept the header anywhere in the first kilobyte (some writers put junk before it). */
const PDF_HEADER_WINDOW = 1024;

export function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  if (bytes.length < at + prefix.length) return false;
  return prefix.every((byte, index) => bytes[at + index] === byte);
}

export function hasPdfHeader(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length - PDF_HEADER.length, PDF_HEADER_WINDOW);
  for (let at = 0; at <= end; at++) {
    if (bytes[at] === PDF_HEADER[0] && startsWith(bytes, PDF_HEADER, at)) return true;
  }
  return false;
}

export function containerOf(bytes: Uint8Array): Container {
  if (hasPdfHeader(bytes)) return 'pdf';
  if (startsWith(bytes, ZIP_LOCAL_HEADER) || startsWith(bytes, ZIP_EMPTY_ARCHIVE)) return 'zip';
  if (startsWith(bytes, OLE2_HEADER)) return 'ole2';
  return 'other';
}

/**
 * An Excel 2.x-4.x worksheet is a bare BIFF record stream (no container): its first record is a
 * BOF record, 0x0009, 0x0209, 0x0409 or 0x0809.
 */
export function hasBiffHeader(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x09 && [0x00, 0x02, 0x04, 0x08].includes(bytes[1]);
}

/** Old "xls" files saved by web apps are often HTML or SpreadsheetML XML, which SheetJS also reads. */
export function startsLikeMarkup(bytes: Uint8Array): boolean {
  let at = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (at < bytes.length && at < 1024 && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[at])) at++;
  return bytes[at] === 0x3c; // "<"
}
