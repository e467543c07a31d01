/**
 * Real files for the content tests, generated in code so no binary fixture has to be kept in git:
 * workbooks written by SheetJS itself, ZIP archives by its CFB module. Test code only.
 */
import { CFB, utils, write, type BookType } from '@e965/xlsx';

export type Rows = (string | number | boolean | null)[][];

export function workbookBytes(bookType: BookType, sheets: Record<string, Rows>): Uint8Array {
  const book = utils.book_new();
  for (const [name, rows] of Object.entries(sheets)) utils.book_append_sheet(book, utils.aoa_to_sheet(rows), name);
  return new Uint8Array(write(book, { bookType, type: 'array' }) as ArrayBuffer);
}

/** A ZIP archive holding the given files (text content), e.g. a fake .docx. */
export function zipBytes(files: Record<string, string>): Uint8Array {
  const container = CFB.utils.cfb_new();
  for (const [path, text] of Object.entries(files)) CFB.utils.cfb_add(container, path, new TextEncoder().encode(text));
  return toBytes(CFB.write(container, { fileType: 'zip', type: 'array' }));
}

/** An OLE2 compound file with the given streams, e.g. the shell of an encrypted xlsx. */
export function ole2Bytes(streams: Record<string, Uint8Array>): Uint8Array {
  const container = CFB.utils.cfb_new();
  for (const [path, data] of Object.entries(streams)) CFB.utils.cfb_add(container, path, data);
  return toBytes(CFB.write(container, { type: 'array' }));
}

export const utf8 = (text: string) => new TextEncoder().encode(text);

function toBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (Array.isArray(data)) return Uint8Array.from(data as number[]);
  throw new TypeError(`Unexpected CFB output: ${typeof data}`);
}
