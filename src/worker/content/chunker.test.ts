import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { chunkText, type TextChunk } from './chunker';
import type { TextSegment } from './parsers/extracted-text';
import type { ChunkOptions } from './limits';
import { countLines, splitLines } from './lines';

const options = (linesPerChunk: number, maxChars: number, overlapLines = 0): ChunkOptions => ({
  linesPerChunk,
  maxChars,
  overlapLines,
});
const ranges = (chunks: TextChunk[]) => chunks.map((chunk) => [chunk.startLine, chunk.endLine]);

/** Every guarantee chunker.ts documents, checked on one input. */
function checkInvariants(text: string, settings: ChunkOptions, segments: TextSegment[], chunks: TextChunk[]): void {
  const lines = splitLines(text);
  // Which group each line (1-based) belongs to: a segment's index, or a negative id for each run
  // of lines between segments.
  const group: number[] = [0];
  const source = new Map<number, Pick<TextSegment, 'page' | 'sheet'>>();
  let gapId = -1;
  let line = 1;
  segments.forEach((segment, index) => {
    if (line < segment.startLine) gapId--;
    for (; line < segment.startLine; line++) group[line] = gapId;
    for (; line <= segment.endLine; line++) group[line] = index;
    source.set(index, { page: segment.page, sheet: segment.sheet });
  });
  gapId--;
  for (; line <= lines.length; line++) group[line] = gapId;

  if (lines.length === 0) expect(chunks).toEqual([]);
  chunks.forEach((chunk, index) => {
    expect(chunk.startLine).toBeGreaterThanOrEqual(1);
    expect(chunk.endLine).toBeGreaterThanOrEqual(chunk.startLine);
    expect(chunk.endLine).toBeLessThanOrEqual(lines.length);
    expect(lines.slice(chunk.startLine - 1, chunk.endLine).join('\n')).toBe(chunk.text);
    expect(chunk.endLine - chunk.startLine + 1).toBeLessThanOrEqual(settings.linesPerChunk);
    if (chunk.startLine !== chunk.endLine) expect(chunk.text.length).toBeLessThanOrEqual(settings.maxChars);
    // One group per chunk, and its page or sheet.
    const id = group[chunk.startLine];
    for (let at = chunk.startLine; at <= chunk.endLine; at++) expect(group[at]).toBe(id);
    const expected = id >= 0 ? source.get(id) : undefined;
    expect(chunk.page).toBe(expected?.page);
    expect(chunk.sheet).toBe(expected?.sheet);
    // Chunks are as big as the limits allow: a chunk that stops inside its group does so because one
    // more line would break a limit.
    if (chunk.endLine < lines.length && group[chunk.endLine + 1] === id) {
      const full = chunk.endLine - chunk.startLine + 1 === settings.linesPerChunk;
      const wouldOverflow = chunk.text.length + 1 + lines[chunk.endLine].length > settings.maxChars;
      expect(full || wouldOverflow).toBe(true);
    }
    const previous = chunks[index - 1];
    if (previous === undefined) {
      expect(chunk.startLine).toBe(1);
      return;
    }
    expect(chunk.startLine).toBeGreaterThan(previous.startLine);
    expect(chunk.endLine).toBeGreaterThan(previous.endLine);
    expect(chunk.startLine).toBeLessThanOrEqual(previous.endLine + 1); // no line left out
    expect(previous.endLine - chunk.startLine + 1).toBeLessThanOrEqual(settings.overlapLines);
    if (group[chunk.startLine] !== group[previous.endLine]) expect(chunk.startLine).toBe(previous.endLine + 1);
  });
  if (lines.length > 0) expect(chunks.at(-1)?.endLine).toBe(lines.length);
}

// Characters chosen to break naive code: line breaks of every style, NUL, lone surrogates, emoji.
const character = fc.constantFrom('a', 'b', ' ', '\t', 'é', '中', '😀', '\u0000', '\ud800', '\udfff', '\n', '\r', '\r\n');
const text = fc.oneof(
  fc.string({ unit: character, maxLength: 200 }),
  fc
    .array(fc.string({ unit: fc.constantFrom('x', 'y', '😀'), maxLength: 120 }), { maxLength: 60 })
    .map((lines) => lines.join('\n')),
);
const chunkOptions = fc
  .record({ linesPerChunk: fc.integer({ min: 1, max: 12 }), maxChars: fc.integer({ min: 1, max: 150 }) })
  .chain(({ linesPerChunk, maxChars }) =>
    fc.integer({ min: 0, max: linesPerChunk - 1 }).map((overlapLines) => options(linesPerChunk, maxChars, overlapLines)),
  );

/** Random segments over `lineCount` lines: cut points, each run either a page, a sheet or nothing. */
function segmentsOver(lineCount: number): fc.Arbitrary<TextSegment[]> {
  if (lineCount === 0) return fc.constant([]);
  return fc.uniqueArray(fc.integer({ min: 1, max: lineCount }), { maxLength: 8 }).chain((cuts) => {
    const ends = [...new Set([...cuts, lineCount])].sort((a, b) => a - b);
    return fc.array(fc.constantFrom('page', 'sheet', 'none'), { minLength: ends.length, maxLength: ends.length }).map((kinds) => {
      const segments: TextSegment[] = [];
      let start = 1;
      ends.forEach((end, index) => {
        if (kinds[index] === 'page') segments.push({ startLine: start, endLine: end, page: index + 1 });
        if (kinds[index] === 'sheet') segments.push({ startLine: start, endLine: end, sheet: `Sheet ${index}` });
        start = end + 1;
      });
      return segments;
    });
  });
}

const input = fc
  .tuple(text, chunkOptions)
  .chain(([value, settings]) => segmentsOver(countLines(value)).map((segments) => ({ value, settings, segments })));

describe('chunkText properties', () => {
  it('keeps every documented invariant', () => {
    fc.assert(
      fc.property(input, ({ value, settings, segments }) => {
        checkInvariants(value, settings, segments, chunkText(value, settings, segments));
      }),
      { numRuns: 500 },
    );
  });

  it('puts every line in exactly one chunk when there is no overlap', () => {
    fc.assert(
      fc.property(input, ({ value, settings, segments }) => {
        const chunks = chunkText(value, { ...settings, overlapLines: 0 }, segments);
        const covered = chunks.flatMap((chunk) =>
          Array.from({ length: chunk.endLine - chunk.startLine + 1 }, (_, index) => chunk.startLine + index),
        );
        expect(covered).toEqual(Array.from({ length: countLines(value) }, (_, index) => index + 1));
        // So the chunks' text, joined, is the whole text with normalised line breaks.
        expect(chunks.map((chunk) => chunk.text).join('\n')).toBe(splitLines(value).join('\n'));
      }),
      { numRuns: 300 },
    );
  });
});

describe('chunkText', () => {
  it('makes no chunk of empty text', () => {
    expect(chunkText('', options(10, 100))).toEqual([]);
  });

  it('makes one chunk of one line', () => {
    expect(chunkText('only line\n', options(10, 100))).toEqual([{ text: 'only line', startLine: 1, endLine: 1 }]);
  });

  it('cuts by line count', () => {
    const chunks = chunkText('1\n2\n3\n4\n5', options(2, 100));
    expect(ranges(chunks)).toEqual([
      [1, 2],
      [3, 4],
      [5, 5],
    ]);
    expect(chunks[1].text).toBe('3\n4');
  });

  it('cuts by characters, counting the joining line breaks', () => {
    expect(ranges(chunkText('aaaa\nbbbb\ncccc', options(10, 9)))).toEqual([
      [1, 2],
      [3, 3],
    ]);
    expect(ranges(chunkText('aaaa\nbbbb\ncccc', options(10, 8)))).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
  });

  it('repeats overlap lines, dropping them where the next line would not fit', () => {
    expect(ranges(chunkText('1\n2\n3\n4\n5\n6', options(3, 100, 1)))).toEqual([
      [1, 3],
      [3, 5],
      [5, 6],
    ]);
    // Line 2 repeated beside line 3 would be 17 characters: the repeat goes to make room.
    expect(ranges(chunkText('aaaa\nbbbbbbbb\ncccccccc', options(3, 13, 1)))).toEqual([
      [1, 2],
      [3, 3],
    ]);
  });

  it('normalises CRLF and CR line breaks in chunk text, keeping the line numbers', () => {
    const chunks = chunkText('a\r\nb\rc\n\r\nd', options(2, 100));
    expect(chunks).toEqual([
      { text: 'a\nb', startLine: 1, endLine: 2 },
      { text: 'c\n', startLine: 3, endLine: 4 },
      { text: 'd', startLine: 5, endLine: 5 },
    ]);
  });

  it('keeps a 1 MB line whole, as a chunk of its own', () => {
    const long = 'x'.repeat(1024 * 1024);
    const chunks = chunkText(`before\n${long}\nafter`, options(50, 2000));
    expect(ranges(chunks)).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    expect(chunks[1].text).toBe(long);
  });

  it('passes lone surrogates, NUL characters and emoji through untouched', () => {
    const value = 'emoji 😀👍🏽\nnul \u0000 here\nlone \ud800 high\nlone \udfff low';
    const chunks = chunkText(value, options(2, 1000));
    expect(chunks.map((chunk) => chunk.text)).toEqual(['emoji 😀👍🏽\nnul \u0000 here', 'lone \ud800 high\nlone \udfff low']);
  });

  it('cuts at page and sheet boundaries and labels chunks with them', () => {
    const value = ['--- Page 1 ---', 'a', '--- Page 2 ---', 'b', 'c'].join('\n');
    const segments = [
      { startLine: 1, endLine: 2, page: 1 },
      { startLine: 3, endLine: 5, page: 2 },
    ];
    expect(chunkText(value, options(10, 1000), segments)).toEqual([
      { text: '--- Page 1 ---\na', startLine: 1, endLine: 2, page: 1 },
      { text: '--- Page 2 ---\nb\nc', startLine: 3, endLine: 5, page: 2 },
    ]);
    const sheets = chunkText('x\ny\nz', options(10, 1000), [{ startLine: 2, endLine: 3, sheet: 'Data' }]);
    expect(sheets).toEqual([
      { text: 'x', startLine: 1, endLine: 1 },
      { text: 'y\nz', startLine: 2, endLine: 3, sheet: 'Data' },
    ]);
  });

  it('refuses segments that overlap or run past the text', () => {
    expect(() => chunkText('a\nb', options(5, 100), [{ startLine: 1, endLine: 3, page: 1 }])).toThrow(AppError);
    expect(() =>
      chunkText('a\nb\nc', options(5, 100), [
        { startLine: 1, endLine: 2, page: 1 },
        { startLine: 2, endLine: 3, page: 2 },
      ]),
    ).toThrow('Segment 2 (lines 2-3) must ascend without overlap within 3 lines.');
    // Line numbers that are not whole numbers, or run backwards, are refused as well.
    for (const [startLine, endLine] of [
      [1.5, 2],
      [1, Number.NaN],
      [2, 1],
    ]) {
      expect(() => chunkText('a\nb\nc', options(5, 100), [{ startLine, endLine, page: 1 }])).toThrow(
        `Segment 1 (lines ${startLine}-${endLine}) must ascend without overlap within 3 lines.`,
      );
    }
  });

  // Worked out by hand: lines of 9 characters join with a newline, so three of them are 29.
  it('repeats overlap lines only while the next new line still fits beside them', () => {
    const nine = (letter: string) => letter.repeat(9);
    const ranges = (text: string, maxChars: number) =>
      chunkText(text, options(3, maxChars, 2)).map((chunk) => [chunk.startLine, chunk.endLine]);
    // 29 characters fit in 29: the second chunk repeats two lines and adds the fourth.
    expect(ranges([nine('a'), nine('b'), nine('c'), nine('d')].join('\n'), 29)).toEqual([
      [1, 3],
      [2, 4],
    ]);
    // A 20-character fourth line: with both overlap lines it would be 40 > 30, with one 30, so one.
    expect(ranges([nine('a'), nine('b'), nine('c'), 'd'.repeat(20)].join('\n'), 30)).toEqual([
      [1, 3],
      [3, 4],
    ]);
  });

  it('refuses options that would never finish', () => {
    expect(() => chunkText('a', options(0, 100))).toThrow(/linesPerChunk/);
    expect(() => chunkText('a', options(2, 100, 2))).toThrow(/overlapLines \(2\) must be less than linesPerChunk \(2\)/);
  });

  // How fast is the bench's to say; here, that a large file is chunked whole, in order, with the overlap asked for.
  it('chunks 200,000 lines into consecutive chunks that cover every line', () => {
    const value = Array.from({ length: 200_000 }, (_, index) => `row ${index},value ${index * 7}`).join('\n');
    const chunks = chunkText(value, options(50, 2000, 5));
    expect(chunks[0].startLine).toBe(1);
    expect(chunks.at(-1)?.endLine).toBe(200_000);
    for (let i = 1; i < chunks.length; i++) expect(chunks[i].startLine).toBe(chunks[i - 1].endLine - 4);
    expect(chunks[1000].text.split('\n')[0]).toBe(`row ${chunks[1000].startLine - 1},value ${(chunks[1000].startLine - 1) * 7}`);
  });
});
