import { describe, expect, it } from 'vitest';
import { formatBytes } from './format';

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
