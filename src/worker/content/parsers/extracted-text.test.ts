import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { segmentAt, TextBuilder } from './extracted-text';
import { splitLines } from '../lines';

describe('TextBuilder', () => {
  it('joins sections and records where each came from', () => {
    const builder = new TextBuilder();
    builder.addSection(['--- Page 1 ---', 'first'], { page: 1 });
    builder.addSection(['--- Page 2 ---', 'second', 'third'], { page: 2 });
    expect(builder.build()).toEqual({
      text: '--- Page 1 ---\nfirst\n--- Page 2 ---\nsecond\nthird',
      lineCount: 5,
      segments: [
        { startLine: 1, endLine: 2, page: 1 },
        { startLine: 3, endLine: 5, page: 2 },
      ],
    });
  });

  it('splits entries that hold line breaks, so line numbers stay right', () => {
    const builder = new TextBuilder();
    builder.addSection(['## Sheet: A', 'x,"two\r\nlines"\ny'], { sheet: 'A' });
    builder.addSection(['## Sheet: B'], { sheet: 'B' });
    const { text, segments } = builder.build();
    expect(splitLines(text)).toEqual(['## Sheet: A', 'x,"two', 'lines"', 'y', '## Sheet: B']);
    expect(segments).toEqual([
      { startLine: 1, endLine: 4, sheet: 'A' },
      { startLine: 5, endLine: 5, sheet: 'B' },
    ]);
  });

  it('records no segment for an empty section or one without a source', () => {
    const builder = new TextBuilder();
    builder.addSection([], { page: 1 });
    builder.addSection(['plain']);
    expect(builder.build()).toEqual({ text: 'plain', lineCount: 1, segments: [] });
  });

  it('gives back exactly the lines added, whatever they are', () => {
    const line = fc.string({ unit: fc.constantFrom('a', ' ', '😀', '\u0000', '\ud800', '\n', '\r\n', '\r'), maxLength: 12 });
    fc.assert(
      fc.property(fc.array(fc.array(line, { maxLength: 6 }), { maxLength: 6 }), (sections) => {
        const builder = new TextBuilder();
        const expected: string[] = [];
        for (const section of sections) {
          builder.addSection(section, { page: 1 });
          for (const entry of section) expected.push(...(/[\r\n]/.test(entry) ? splitLines(entry) : [entry]));
        }
        const built = builder.build();
        expect(splitLines(built.text)).toEqual(expected);
        expect(built.lineCount).toBe(expected.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('segmentAt', () => {
  const segments = [
    { startLine: 1, endLine: 3, page: 1 },
    { startLine: 4, endLine: 4, page: 2 },
    { startLine: 7, endLine: 9, page: 3 },
  ];

  it('finds the segment of a line, or none between segments', () => {
    expect([1, 3, 4, 5, 7, 9, 10].map((line) => segmentAt(segments, line)?.page)).toEqual([1, 1, 2, undefined, 3, 3, undefined]);
    expect(segmentAt([], 1)).toBeUndefined();
  });
});
