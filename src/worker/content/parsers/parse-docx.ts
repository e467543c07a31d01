/**
 * Word documents (.docx) to readable text with mammoth (docx -> simple HTML), then html-to-text.ts
 * (headings, lists and tables kept readable). Loaded on demand by parse-document.ts. Images are
 * never read: the text is what the content store keeps.
 */
import mammoth from 'mammoth';
import { emptyFile } from '../content-errors';
import { TextBuilder, type ExtractedText } from './extracted-text';
import { htmlToText } from './html-to-text';
import { notReadableDocx } from './parse-docx-errors';
import { storedZip, unzipWithinBudget } from './zip-budget';

export interface DocxOptions {
  signal?: AbortSignal;
}

/** Images are left out without reading their bytes. */
const SKIP_IMAGES = mammoth.images.imgElement(() => Promise.resolve({ src: '' }));

export async function parseDocx(name: string, bytes: Uint8Array, { signal }: DocxOptions = {}): Promise<ExtractedText> {
  signal?.throwIfAborted();
  // Unpacked within the budget before mammoth (JSZip) inflates anything; it reads the stored copy,
  // which is also ours to give (mammoth may keep the buffer, the caller's bytes may be transferred).
  const parts = unzipWithinBudget(name, bytes, {
    damaged: (cause) => notReadableDocx(name, cause),
    advice: 'Split it into smaller documents, or save it as a PDF and upload that.',
  });
  const stored = storedZip(parts);
  parts.clear();
  const arrayBuffer = stored.buffer.byteLength === stored.byteLength ? stored.buffer : stored.slice().buffer;
  let html: string;
  try {
    // mammoth's browser build reads `arrayBuffer`, its Node build (the unit tests) `buffer`.
    const input = { arrayBuffer, buffer: arrayBuffer } as unknown as { arrayBuffer: ArrayBuffer };
    html = (await mammoth.convertToHtml(input, { convertImage: SKIP_IMAGES, ignoreEmptyParagraphs: true })).value;
  } catch (error) {
    throw notReadableDocx(name, error);
  }
  signal?.throwIfAborted();
  const text = htmlToText(html).replace(/\r\n?/g, '\n');
  if (text.trim() === '') throw emptyFile(name, 'the document has no text');
  const builder = new TextBuilder();
  builder.addSection([text]);
  return builder.build();
}
