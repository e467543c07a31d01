/**
 * Unpacks a ZIP-based upload (.xlsx, .xlsm, .xlsb, .ods, .docx) within a budget, before SheetJS or
 * mammoth sees it: both would inflate whatever the archive holds. The central directory's sizes
 * are checked first (a file that declares too much is refused without inflating a byte); since
 * they can lie, every entry is then inflated with a hard cap at the size it declared, so nothing
 * past the budget is ever produced. The libraries get the entries back as a stored (uncompressed)
 * archive rebuilt here, which holds exactly what was inflated.
 */
import { Inflate, zipSync, type Zippable } from 'fflate';
import { AppError } from '../../../shared/errors';
import { formatBytes } from '../../../shared/format';
import { overLimit } from '../content-errors';
import { MAX_UNZIPPED_BYTES } from '../limits';
import { listZipEntries, LOCAL_FILE_HEADER, type ZipEntry } from './zip-entries';

const STORED = 0;
const DEFLATED = 8;
/** Compressed bytes pushed at a time: one push inflates to at most ~1,000 times as much. */
const PUSH_BYTES = 16 * 1024;

export interface ZipBudgetOptions {
  /** The error for an archive that cannot be read (the parser's own "not readable" message). */
  damaged: (cause?: unknown) => AppError;
  /** What to do with a file over the budget ("Split it into smaller files."). */
  advice: string;
  /** Defaults to MAX_UNZIPPED_BYTES. */
  maxBytes?: number;
}

/** The entries of an archive by name, inflated within the budget; folders are left out. */
export function unzipWithinBudget(name: string, bytes: Uint8Array, options: ZipBudgetOptions): Map<string, Uint8Array> {
  const { damaged, advice, maxBytes = MAX_UNZIPPED_BYTES } = options;
  const entries = listZipEntries(bytes)?.filter((entry) => !entry.name.endsWith('/'));
  if (!entries) throw damaged(new Error('The ZIP directory cannot be read.'));
  const declared = entries.reduce((total, entry) => total + entry.uncompressedSize, 0);
  if (declared > maxBytes) {
    throw overLimit(
      name,
      `unpacks to ${formatBytes(declared)}; LibrAgent unpacks files of this kind up to ${formatBytes(maxBytes)}`,
      advice,
    );
  }
  const files = new Map<string, Uint8Array>();
  for (const entry of entries) {
    if (files.has(entry.name)) throw damaged(new Error(`${entry.name} is in the archive twice.`));
    files.set(entry.name, inflateEntry(bytes, entry, damaged));
  }
  return files;
}

/** The entries as a stored ZIP archive, which a library reads without inflating anything. */
export function storedZip(files: Map<string, Uint8Array>): Uint8Array {
  const zippable: Zippable = Object.create(null) as Zippable;
  for (const [name, data] of files) zippable[name] = data;
  return zipSync(zippable, { level: 0 });
}

function inflateEntry(bytes: Uint8Array, entry: ZipEntry, damaged: ZipBudgetOptions['damaged']): Uint8Array {
  const data = entryData(bytes, entry);
  if (!data) throw damaged(new Error(`${entry.name} lies outside the archive.`));
  if (entry.method === STORED) {
    if (data.length !== entry.uncompressedSize) throw damaged(new Error(`${entry.name} is not the size it declares.`));
    return data;
  }
  if (entry.method !== DEFLATED) throw damaged(new Error(`${entry.name} is compressed with method ${entry.method}.`));
  const out = new Uint8Array(entry.uncompressedSize);
  let written = 0;
  const inflater = new Inflate((chunk) => {
    // The cap: a stream that inflates past its declared size stops here, before it grows further.
    if (written + chunk.length > out.length) throw damaged(new Error(`${entry.name} inflates to more than it declares.`));
    out.set(chunk, written);
    written += chunk.length;
  });
  try {
    // The last push is final: a stream cut short then fails instead of waiting for more.
    for (let at = 0; at < data.length; at += PUSH_BYTES) {
      inflater.push(data.subarray(at, at + PUSH_BYTES), at + PUSH_BYTES >= data.length);
    }
  } catch (error) {
    throw error instanceof AppError ? error : damaged(error);
  }
  if (written !== out.length) {
    throw damaged(new Error(`${entry.name} inflates to less than it declares.`));
  }
  return out;
}

/** An entry's compressed bytes: after its local header, whose name and extra lengths may differ from the directory's. */
function entryData(bytes: Uint8Array, entry: ZipEntry): Uint8Array | null {
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(at, true) !== LOCAL_FILE_HEADER) return null;
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  return end > bytes.length ? null : bytes.subarray(start, end);
}
