import { utils, write } from '@e965/xlsx';
import { parseDocument, type ParsedDocument } from '../../src/worker/content/parsers/parse-document';
import type { Repositories } from '../../src/worker/db/repositories';
import { createRandom, intBetween, pick } from '../shared/random';
import type { DocumentResult } from '../shared/results';
import { prose, sentence } from '../shared/text';
import { writePdf } from './pdf-writer';

/**
 * Uploads as the app handles them: bytes through the app's parseDocument (pdf.js in its own
 * nested worker, SheetJS for sheets), then item and chunks stored in one transaction, mapped the
 * way src/worker/content/content-service.ts does. Generating the files is not timed.
 */
export async function benchDocument(
  repos: Repositories,
  sessionId: string,
  name: string,
  bytes: Uint8Array,
): Promise<DocumentResult> {
  let start = performance.now();
  const parsed = await parseDocument({ name, bytes });
  const parseMs = performance.now() - start;
  start = performance.now();
  store(repos, sessionId, parsed);
  const storeMs = performance.now() - start;
  return { name, bytes: bytes.byteLength, parseMs, storeMs, lines: parsed.lineCount, chunks: parsed.chunks.length };
}

function store(repos: Repositories, sessionId: string, parsed: ParsedDocument): void {
  repos.contentStore.addContent(
    sessionId,
    { id: crypto.randomUUID(), filename: parsed.filename, mimeType: parsed.mimeType, size: parsed.size, content: parsed.text },
    parsed.chunks.map((chunk) => ({
      id: crypto.randomUUID(),
      text: chunk.text,
      startLine: chunk.startLine,
      endLine: chunk.endLine,
      page: chunk.page ?? null,
      sheet: chunk.sheet ?? null,
    })),
  );
}

/** `count` A4 pages of 55 lines of prose each. */
export function generatePdf(seed: number, count: number): Uint8Array {
  const random = createRandom(seed);
  const pages = Array.from({ length: count }, () =>
    Array.from({ length: 55 }, () => sentence(random, intBetween(random, 8, 14))),
  );
  return writePdf(pages);
}

const CATEGORIES = ['travel', 'hardware', 'software', 'office', 'training', 'services'];

/** An invoice ledger: a header and `rows` rows of 7 typed columns. */
export function generateSheet(seed: number, rows: number): Uint8Array {
  const random = createRandom(seed);
  const data: (string | number)[][] = [['id', 'date', 'customer', 'category', 'quantity', 'amount', 'note']];
  for (let i = 1; i <= rows; i++) {
    data.push([
      i,
      new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString().slice(0, 10),
      sentence(random, 2).slice(0, -1),
      pick(random, CATEGORIES),
      intBetween(random, 1, 50),
      Math.round(random() * 1_000_000) / 100,
      prose(random, intBetween(random, 3, 12)),
    ]);
  }
  const book = utils.book_new();
  utils.book_append_sheet(book, utils.aoa_to_sheet(data), 'Ledger');
  return new Uint8Array(write(book, { bookType: 'xlsx', type: 'array' }) as ArrayBuffer);
}
