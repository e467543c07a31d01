/**
 * Tells an Excel workbook from an OpenDocument spreadsheet, a Word file or any other ZIP archive by
 * the names of its entries, without unpacking anything: xlsx, ods and docx are all ZIP files, and
 * the file name alone cannot be trusted.
 */

/** What a ZIP archive holds, as far as uploads care. */
export type ZipContent = 'xlsx' | 'xlsb' | 'ods' | 'docx' | 'pptx' | 'odt' | 'odp' | 'opendocument' | 'zip';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
export const LOCAL_FILE_HEADER = 0x04034b50;
const END_RECORD_SIZE = 22;
const MAX_COMMENT_SIZE = 0xffff;
const MAX_ENTRIES = 100_000;

const ODF_MIME_PREFIX = 'application/vnd.oasis.opendocument.';

/** One file in a ZIP archive, as its central directory describes it. */
export interface ZipEntry {
  name: string;
  /** 0 = stored (uncompressed), 8 = deflated. */
  method: number;
  compressedSize: number;
  /** As the archive declares it: a crafted file may lie, so zip-budget.ts checks it while inflating. */
  uncompressedSize: number;
  localHeaderOffset: number;
}

/**
 * The entries of a ZIP archive from its central directory, or null when there is none to read
 * (a truncated download, ZIP64, or not a ZIP file at all).
 */
export function listZipEntries(bytes: Uint8Array): ZipEntry[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEndRecord(view);
  if (end < 0) return null;
  const count = view.getUint16(end + 10, true);
  const size = view.getUint32(end + 12, true);
  const offset = view.getUint32(end + 16, true);
  // 0xffff / 0xffffffff mean "see the ZIP64 record": not needed for files of a few hundred MB.
  if (count === 0xffff || offset === 0xffffffff || offset + size > end || count > MAX_ENTRIES) return null;
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder();
  let at = offset;
  for (let index = 0; index < count; index++) {
    if (at + 46 > end || view.getUint32(at, true) !== CENTRAL_DIRECTORY_ENTRY) return null;
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    if (at + 46 + nameLength > end) return null;
    entries.push({
      name: decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      uncompressedSize: view.getUint32(at + 24, true),
      localHeaderOffset: view.getUint32(at + 42, true),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Classifies a ZIP archive by its entries; null when its directory cannot be read. */
export function classifyZip(bytes: Uint8Array): ZipContent | null {
  const entries = listZipEntries(bytes);
  if (entries === null) return null;
  const names = entries.map((entry) => entry.name);
  const hasFolder = (folder: string) => names.some((name) => name.startsWith(folder));
  if (names.includes('xl/workbook.bin')) return 'xlsb';
  if (hasFolder('xl/')) return 'xlsx';
  if (hasFolder('word/')) return 'docx';
  if (hasFolder('ppt/')) return 'pptx';
  const mimetype = entries.find((entry) => entry.name === 'mimetype');
  if (mimetype) return classifyOpenDocument(readStoredEntry(bytes, mimetype));
  if (names.includes('content.xml')) return 'opendocument';
  return 'zip';
}

function classifyOpenDocument(mimetype: string | null): ZipContent {
  switch (mimetype?.trim()) {
    case `${ODF_MIME_PREFIX}spreadsheet`:
      return 'ods';
    case `${ODF_MIME_PREFIX}text`:
      return 'odt';
    case `${ODF_MIME_PREFIX}presentation`:
      return 'odp';
    default:
      return 'opendocument';
  }
}

/**
 * The text of a small uncompressed entry. OpenDocument files store their "mimetype" entry that way
 * (the standard wants it first, though not every writer puts it there); a compressed one would
 * need an inflater, and null then just means "some OpenDocument file".
 */
function readStoredEntry(bytes: Uint8Array, entry: ZipEntry): string | null {
  if (entry.method !== 0 || entry.compressedSize > 200) return null;
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(at, true) !== LOCAL_FILE_HEADER) return null;
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  if (start + entry.compressedSize > bytes.length) return null;
  return new TextDecoder().decode(bytes.subarray(start, start + entry.compressedSize));
}

/** The end record sits in the last 22 bytes plus an optional comment of up to 64 KB. */
function findEndRecord(view: DataView): number {
  const last = view.byteLength - END_RECORD_SIZE;
  const first = Math.max(0, last - MAX_COMMENT_SIZE);
  for (let at = last; at >= first; at--) {
    if (view.getUint32(at, true) === END_OF_CENTRAL_DIRECTORY) return at;
  }
  return -1;
}
