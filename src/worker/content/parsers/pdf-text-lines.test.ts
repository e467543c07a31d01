import { describe, expect, it } from 'vitest';
import { pageTextLines, type PdfContentItem } from './pdf-text-lines';

const item = (str: string, y: number, hasEOL = false, height = 10): PdfContentItem => ({
  str,
  hasEOL,
  height,
  transform: [10, 0, 0, 10, 72, y],
});

describe('pageTextLines', () => {
  it('joins items into lines at pdf.js end-of-line marks', () => {
    const items = [item('Hello', 700), item(' ', 700), item('world', 700, true), item('Second line', 688, true)];
    expect(pageTextLines(items)).toEqual(['Hello world', 'Second line']);
  });

  it('starts a new line when the text moves down without an end-of-line mark', () => {
    expect(pageTextLines([item('Title', 700), item('Body text', 660)])).toEqual(['Title', 'Body text']);
  });

  it('keeps superscripts and small baseline shifts on their line', () => {
    expect(pageTextLines([item('E = mc', 700), item('2', 704, false, 6), item(' holds', 700, true)])).toEqual(['E = mc2 holds']);
  });

  it('skips marked-content items and keeps CJK text as it is', () => {
    const items: PdfContentItem[] = [
      { type: 'beginMarkedContent' },
      item('日本語のテキスト', 700, true),
      { type: 'endMarkedContent' },
    ];
    expect(pageTextLines(items)).toEqual(['日本語のテキスト']);
  });

  it('trims line ends, collapses blank runs and drops blank lines at the edges', () => {
    const items = [
      item('', 720, true),
      item('a  ', 700, true),
      item('', 690, true),
      item('', 680, true),
      item('b', 670, true),
      item('', 660, true),
    ];
    expect(pageTextLines(items)).toEqual(['a', '', 'b']);
  });

  it('removes control characters that unmapped glyphs produce, but keeps tabs', () => {
    expect(pageTextLines([item('a\u0000b\u0001c\td\u007f', 700, true)])).toEqual(['abc\td']);
  });

  it('splits items that themselves hold line breaks', () => {
    expect(pageTextLines([item('one\r\ntwo\nthree', 700, true)])).toEqual(['one', 'two', 'three']);
  });

  it('returns nothing for a page without text', () => {
    expect(pageTextLines([])).toEqual([]);
    expect(pageTextLines([item(' ', 700, true)])).toEqual([]);
  });
});
