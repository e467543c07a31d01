import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { isAbortError } from '../cancellation';
import { splitLines } from '../lines';
import { parseDocument, type ParseDocumentOptions, type ParsedDocument, type ParseStage } from './parse-document';
import { utf8, workbookBytes } from '../../../../test-support/make-files';

async function failure(name: string, bytes: Uint8Array, options: ParseDocumentOptions = {}): Promise<AppError> {
  try {
    await parseDocument({ name, bytes }, options);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`${name} was accepted`);
}

/** The promise every consumer relies on: a chunk is exactly its line range of the text. */
function expectChunksMatchText(document: ParsedDocument): void {
  const lines = splitLines(document.text);
  expect(document.lineCount).toBe(lines.length);
  for (const chunk of document.chunks) expect(lines.slice(chunk.startLine - 1, chunk.endLine).join('\n')).toBe(chunk.text);
}

describe('parseDocument', () => {
  it('reads Markdown as text, keeping the text as it was', async () => {
    const markdown = '# Title\r\n\r\nSome *text*.\r\n- item 😀\r\n';
    const parsed = await parseDocument({ name: 'notes.md', bytes: utf8(markdown) });
    expect(parsed).toEqual({
      filename: 'notes.md',
      mimeType: 'text/markdown',
      kind: 'text',
      size: utf8(markdown).byteLength,
      text: markdown,
      lineCount: 4,
      segments: [],
      chunks: [{ text: '# Title\n\nSome *text*.\n- item 😀', startLine: 1, endLine: 4 }],
    });
  });

  it('reads JSON as text and chunks it by the given options', async () => {
    const json = JSON.stringify({ a: [1, 2, 3], b: { c: 'd' } }, null, 2);
    const parsed = await parseDocument(
      { name: 'data.json', bytes: utf8(json) },
      { chunking: { linesPerChunk: 4, maxChars: 1000, overlapLines: 1 } },
    );
    expect(parsed.mimeType).toBe('application/json');
    expect(parsed.text).toBe(json);
    expect(parsed.chunks.map((chunk) => [chunk.startLine, chunk.endLine])).toEqual([
      [1, 4],
      [4, 7],
      [7, 10],
    ]);
    expectChunksMatchText(parsed);
  });

  it('reads an xlsx with two sheets, chunks labelled with their sheet', async () => {
    const bytes = workbookBytes('xlsx', {
      Sales: [
        ['Region', 'Amount'],
        ['North', 10],
      ],
      Costs: [['Item'], ['Rent, office']],
    });
    const parsed = await parseDocument({ name: 'book.xlsx', bytes });
    expect(parsed.kind).toBe('spreadsheet');
    expect(parsed.mimeType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(parsed.text).toBe('## Sheet: Sales\nRegion,Amount\nNorth,10\n## Sheet: Costs\nItem\n"Rent, office"');
    expect(parsed.chunks).toEqual([
      { text: '## Sheet: Sales\nRegion,Amount\nNorth,10', startLine: 1, endLine: 3, sheet: 'Sales' },
      { text: '## Sheet: Costs\nItem\n"Rent, office"', startLine: 4, endLine: 6, sheet: 'Costs' },
    ]);
  });

  it('reads an ods', async () => {
    const parsed = await parseDocument({ name: 'book.ods', bytes: workbookBytes('ods', { Only: [['a', 'b']] }) });
    expect(parsed).toMatchObject({ kind: 'spreadsheet', mimeType: 'application/vnd.oasis.opendocument.spreadsheet' });
    expect(parsed.text).toBe('## Sheet: Only\na,b');
  });

  it('reads a csv with quoted commas, quotes and line breaks', async () => {
    const csv = 'id,comment\n1,"a, b"\n2,"say ""x""\nnext line"\n';
    const parsed = await parseDocument({ name: 'c.csv', bytes: utf8(csv) });
    expect(parsed).toMatchObject({ kind: 'spreadsheet', mimeType: 'text/csv' });
    expect(parsed.text).toBe('id,comment\n1,"a, b"\n2,"say ""x""\nnext line"');
    expectChunksMatchText(parsed);
  });

  it('refuses a binary file named .txt', async () => {
    const error = await failure('photo.txt', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    expect(error.code).toBe('InvalidInput');
    expect(error.message).toMatch(/^photo\.txt is not a text file: it contains binary data/);
  });

  it('refuses an empty file, and a text file holding only a byte order mark', async () => {
    expect((await failure('empty.txt', new Uint8Array(0))).message).toBe('empty.txt has nothing to read: it is empty.');
    expect((await failure('bom.md', Uint8Array.from([0xef, 0xbb, 0xbf]))).message).toBe(
      'bom.md has nothing to read: it is empty.',
    );
  });

  it('refuses a file over the size limit before looking at its type', async () => {
    const error = await failure('big.unknown', new Uint8Array(2048), {
      limits: { maxFileBytes: 1024, maxPdfPages: 1, maxSheetRows: 1 },
    });
    expect(error.code).toBe('InvalidInput');
    expect(error.message).toBe(
      'big.unknown is 2 KB; the limit is 1 KB. Split it into smaller files, or raise the limit in Settings.',
    );
  });

  it('refuses an unknown file type as Unsupported', async () => {
    const error = await failure('model.bin', utf8('weights'));
    expect(error.code).toBe('Unsupported');
    expect(error.message).toMatch(/^Unsupported file type: model\.bin\./);
  });

  it('refuses garbage and truncated workbooks as not readable', async () => {
    const garbage = Uint8Array.from({ length: 300 }, (_, index) => (index * 71 + 3) % 256);
    expect((await failure('garbage.xlsx', garbage)).message).toMatch(/^garbage\.xlsx is not a readable spreadsheet/);
    const xlsx = workbookBytes('xlsx', { A: [['x']] });
    const truncated = await failure('cut.xlsx', xlsx.slice(0, Math.floor(xlsx.length * 0.6)));
    expect(truncated.code).toBe('InvalidInput');
    expect(truncated.message).toMatch(/^cut\.xlsx is not a readable spreadsheet/);
  });

  it('refuses a fake PDF without loading pdf.js', async () => {
    expect((await failure('fake.pdf', utf8('hello'))).message).toMatch(/^fake\.pdf is not a readable PDF/);
  });

  it('refuses bad input and bad settings with InvalidInput', async () => {
    expect((await failure('', utf8('x'))).message).toBe('File name must not be empty.');
    await expect(parseDocument({ name: 'a.txt', bytes: 'text' as unknown as Uint8Array })).rejects.toThrow(/must be bytes/);
    expect((await failure('a.txt', utf8('x'), { chunking: { linesPerChunk: 1, maxChars: 10, overlapLines: 1 } })).code).toBe(
      'InvalidInput',
    );
    expect((await failure('a.txt', utf8('x'), { limits: { maxFileBytes: -1, maxPdfPages: 1, maxSheetRows: 1 } })).code).toBe(
      'InvalidInput',
    );
  });

  it('reports each stage as it starts', async () => {
    const stages: ParseStage[] = [];
    await parseDocument({ name: 'a.txt', bytes: utf8('x') }, { onProgress: (stage) => stages.push(stage) });
    expect(stages).toEqual(['reading', 'parsing', 'chunking']);
  });

  it('rejects with the abort reason when cancelled, before or between stages', async () => {
    const before = new AbortController();
    before.abort();
    const early = parseDocument({ name: 'a.txt', bytes: utf8('x') }, { signal: before.signal });
    await expect(early).rejects.toSatisfy(isAbortError);

    const during = new AbortController();
    const late = parseDocument(
      { name: 'a.csv', bytes: utf8('a,b\n') },
      { signal: during.signal, onProgress: (stage) => stage === 'parsing' && during.abort(new Error('user closed the dialog')) },
    );
    await expect(late).rejects.toThrow('user closed the dialog');
  });

  it('leaves the caller’s bytes untouched', async () => {
    const bytes = workbookBytes('xlsx', { A: [['x']] });
    const copy = bytes.slice();
    await parseDocument({ name: 'a.xlsx', bytes });
    expect(bytes).toEqual(copy);
  });
});
