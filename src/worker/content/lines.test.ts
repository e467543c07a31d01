import { describe, expect, it } from 'vitest';
import { countLines, makePreview, splitLines } from './lines';

describe('splitLines', () => {
  it.each([
    ['', []],
    ['a', ['a']],
    ['a\n', ['a']],
    ['a\n\n', ['a', '']],
    ['\n', ['']],
    ['a\r\nb\rc\nd', ['a', 'b', 'c', 'd']],
    ['a\n\r\nb', ['a', '', 'b']],
  ])('%j -> %j', (text, lines) => {
    expect(splitLines(text)).toEqual(lines);
    expect(countLines(text)).toBe(lines.length);
  });
});

describe('makePreview', () => {
  it('never cuts a surrogate pair in half', () => {
    const preview = makePreview('😀'.repeat(400));
    expect(Array.from(preview)).toHaveLength(300);
    expect(preview.endsWith('😀')).toBe(true);
  });
});
