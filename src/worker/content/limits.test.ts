import { describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_OPTIONS, DEFAULT_LIMITS, validateChunkOptions, validateLimits } from './limits';

describe('validateLimits', () => {
  it('fills in defaults for missing fields', () => {
    expect(validateLimits()).toEqual(DEFAULT_LIMITS);
    expect(validateLimits({ maxPdfPages: 10 })).toEqual({ ...DEFAULT_LIMITS, maxPdfPages: 10 });
  });

  it('names the bad field and the allowed range', () => {
    expect(() => validateLimits({ maxFileBytes: 0 })).toThrow(/maxFileBytes must be a whole number of at least 1, got 0/);
    expect(() => validateLimits({ maxSheetRows: 1.5 })).toThrow(/maxSheetRows/);
    expect(() => validateLimits({ maxPdfPages: '20' })).toThrow(/maxPdfPages.*got "20"/);
    expect(() => validateLimits({ maxFileBytes: 2 ** 40 })).toThrow(/maxFileBytes must be at most 536870912/);
    expect(() => validateLimits(null)).toThrow(/Content limits must be an object/);
  });
});

describe('validateChunkOptions', () => {
  it('fills in defaults and checks each field', () => {
    expect(validateChunkOptions()).toEqual(DEFAULT_CHUNK_OPTIONS);
    expect(validateChunkOptions({ linesPerChunk: 5, overlapLines: 4 })).toEqual({
      ...DEFAULT_CHUNK_OPTIONS,
      linesPerChunk: 5,
      overlapLines: 4,
    });
    expect(() => validateChunkOptions({ maxChars: 0 })).toThrow(/maxChars/);
    expect(() => validateChunkOptions({ overlapLines: -1 })).toThrow(/overlapLines must be a whole number of at least 0/);
    expect(() => validateChunkOptions({ linesPerChunk: 5, overlapLines: 5 })).toThrow(/must be less than linesPerChunk/);
  });
});
