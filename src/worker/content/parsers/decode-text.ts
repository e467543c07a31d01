/**
 * Turns the bytes of a text upload into a string, strictly: a file that is not valid text is
 * refused with a reason instead of being stored as a page of replacement characters.
 */
import { AppError } from '../../../shared/errors';
import { notTextFile } from '../content-errors';
import { startsWith } from './magic-bytes';

/** NUL bytes are searched for in this many leading bytes: text files never contain one. */
export const SNIFF_BYTES = 8192;

const UTF16LE_BOM = [0xff, 0xfe];
const UTF16BE_BOM = [0xfe, 0xff];

/** UTF-16 text (Windows "Unicode" files) is full of NUL bytes: only a byte order mark tells it apart. */
function utf16Encoding(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (startsWith(bytes, UTF16LE_BOM)) return 'utf-16le';
  if (startsWith(bytes, UTF16BE_BOM)) return 'utf-16be';
  return null;
}

/** True when the first few kilobytes hold a NUL byte (and no UTF-16 byte order mark explains it). */
export function looksBinary(bytes: Uint8Array): boolean {
  return utf16Encoding(bytes) === null && bytes.subarray(0, SNIFF_BYTES).includes(0);
}

/**
 * Decodes UTF-8 (or UTF-16 with a byte order mark) and drops the byte order mark. Throws
 * InvalidInput naming the file when the bytes are binary or not valid in that encoding.
 */
export function decodeText(name: string, bytes: Uint8Array): string {
  const encoding = utf16Encoding(bytes) ?? 'utf-8';
  if (encoding === 'utf-8' && looksBinary(bytes)) throw notTextFile(name, 'it contains binary data');
  let text: string;
  try {
    // fatal: invalid bytes throw instead of silently becoming U+FFFD.
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (error) {
    throw new AppError(
      'InvalidInput',
      `${name} is not a text file in UTF-8: some of its bytes are not valid UTF-8 (it is binary, or text in another ` +
        'encoding such as Windows-1252). Save it as UTF-8 text and upload it again.',
      { cause: error },
    );
  }
  // ignoreBOM keeps the mark in the output, so removing it here is explicit and the same everywhere.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (encoding !== 'utf-8' && text.slice(0, SNIFF_BYTES / 2).includes('\u0000')) {
    throw notTextFile(name, 'it contains binary data');
  }
  return text;
}
