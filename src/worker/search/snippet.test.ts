import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeSnippet } from './snippet';

const marked = (text: string, terms: string[], max?: number) =>
  makeSnippet(text, terms, max)
    .map((part) => (part.match ? `[${part.text}]` : part.text))
    .join('');

describe('makeSnippet', () => {
  it('marks every matched word, whatever its case or accents', () => {
    expect(marked('Café culture: the CAFE on the corner', ['cafe'])).toBe('[Café] culture: the [CAFE] on the corner');
  });

  it('marks a whole word found by its prefix (the index reports the full term)', () => {
    expect(marked('그는 안녕하세요 라고 말했다', ['안녕하세요'])).toBe('그는 [안녕하세요] 라고 말했다');
  });

  it('does not mark words that only contain a term', () => {
    expect(marked('cat concatenate', ['cat'])).toBe('[cat] concatenate');
  });

  it('centres a long text on the first match, with ellipses where it was cut', () => {
    const text = `${'lead words '.repeat(40)}the needle is here ${'tail words '.repeat(40)}`;
    const result = marked(text, ['needle'], 80);
    expect(result.startsWith('… ')).toBe(true);
    expect(result.endsWith(' …')).toBe(true);
    expect(result).toContain('[needle]');
  });

  it('marks Chinese words where they stand, longest first', () => {
    expect(marked('我们的数据库很快，数据很多', ['数据库', '数据'])).toBe('我们的[数据库]很快，[数据]很多');
  });

  it('collapses line breaks so a snippet stays one line', () => {
    expect(marked('first\n\nsecond match', ['match'])).toBe('first second [match]');
  });

  it('never cuts a character in half, and keeps the text it shows', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.integer({ min: 10, max: 120 }), (text, max) => {
        const shown = makeSnippet(text, ['a'], max)
          .map((part) => part.text)
          .join('');
        expect(shown).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
      }),
    );
  });
});

describe('makeSnippet on long texts', () => {
  it('finds the match far into a long text and marks it, with ellipses on both sides', () => {
    const text = `${'word '.repeat(5_000)}the needle here ${'word '.repeat(5_000)}`;
    const parts = makeSnippet(text, ['needle'], 100);
    expect(parts.filter((part) => part.match).map((part) => part.text)).toEqual(['needle']);
    expect(parts[0].text).toBe('… ');
    expect(parts.at(-1)?.text).toBe(' …');
    expect(parts.map((part) => part.text).join('').length).toBeLessThan(130);
  });

  it('still finds a match that only folding reveals', () => {
    const text = `${'mot '.repeat(2_000)}un Café ici`;
    expect(
      makeSnippet(text, ['cafe'], 100)
        .filter((part) => part.match)
        .map((part) => part.text),
    ).toEqual(['Café']);
  });

  it('shows the word itself, not an earlier word that only contains it', () => {
    const text = `a substring here ${'filler words '.repeat(60)}then the String we wanted`;
    const parts = makeSnippet(text, ['string'], 100);
    expect(parts.filter((part) => part.match).map((part) => part.text)).toEqual(['String']);
    expect(parts.map((part) => part.text).join('')).not.toContain('substring');
  });
});

describe('makeSnippet on long texts that are not plain ASCII (cut to a window first)', () => {
  // One accented letter at the start sends the text down the window path.
  const text = `é ${'word '.repeat(150)}target ${'tail '.repeat(150)}zzz ${'end '.repeat(40)}`;

  it('shows the window around the earliest term, from a word boundary, with one ellipsis at each cut', () => {
    // The far term comes first in the list: the window must follow the text, not the list.
    const parts = makeSnippet(text, ['zzz', 'target'], 200);
    const shown = parts.map((part) => part.text);
    expect(shown[0]).toBe('… ');
    expect(shown.at(-1)).toBe(' …');
    expect(shown.filter((piece) => piece === '… ' || piece === ' …')).toHaveLength(2);
    expect(parts.filter((part) => part.match).map((part) => part.text)).toEqual(['target']);
    expect(shown[1]).toMatch(/^word /); // a whole word, not the end of one
    const joined = shown.join('');
    expect(joined.length).toBeLessThanOrEqual(200 + 4);
    expect(text).toContain(joined.slice(2, -2));
  });

  it('starts at the text itself when the term is near the start, with no leading ellipsis', () => {
    const early = `é target ${'tail '.repeat(200)}`;
    const parts = makeSnippet(early, ['target'], 100);
    expect(parts[0].text).toBe('é ');
    expect(parts[1]).toEqual({ text: 'target', match: true });
    expect(parts.at(-1)?.text).toBe(' …');
  });

  it('ends at the text itself when the term is near the end, with no trailing ellipsis', () => {
    const late = `é ${'lead '.repeat(200)}target`;
    const parts = makeSnippet(late, ['target'], 100);
    expect(parts[0].text).toBe('… ');
    expect(parts.at(-1)).toEqual({ text: 'target', match: true });
  });
});
