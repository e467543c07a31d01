import { describe, expect, it } from 'vitest';
import { countOf, formatBytes } from './format';

describe('formatBytes', () => {
  it.each([
    [1, '1 byte'],
    [500, '500 bytes'],
    [1536, '1.5 KB'],
    [50 * 1024 * 1024, '50 MB'],
    [73.24 * 1024 * 1024, '73.2 MB'],
    [3 * 1024 ** 3, '3 GB'],
  ])('%i -> %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('countOf', () => {
  it.each([
    [0, 'document', '0 documents'],
    [1, 'document', '1 document'],
    [2, 'document', '2 documents'],
    [1024, 'message', '1,024 messages'],
  ])('%i %s -> %s', (count, noun, text) => {
    expect(countOf(count, noun)).toBe(text);
  });

  it('takes an irregular plural', () => {
    expect(countOf(3, 'entry', 'entries')).toBe('3 entries');
    expect(countOf(1, 'entry', 'entries')).toBe('1 entry');
  });
});
