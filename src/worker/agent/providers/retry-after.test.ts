import { describe, expect, it } from 'vitest';
import { formatWait, parseRetryAfter, retryAfterOf } from './retry-after';

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it.each([
    ['20', 20_000],
    ['0', 0],
    ['1.5', 1500],
    ['Wed, 01 Jan 2025 00:00:30 GMT', 30_000],
    ['Tue, 31 Dec 2024 23:59:00 GMT', 0],
    ['soon', undefined],
    ['-5', undefined],
    ['', undefined],
    [null, undefined],
  ])('%j -> %j', (value, milliseconds) => {
    expect(parseRetryAfter(value, now)).toBe(milliseconds);
  });
});

describe('formatWait', () => {
  it.each([
    [0, '1 s'],
    [1500, '2 s'],
    [20_000, '20 s'],
    [119_000, '119 s'],
    [150_000, '3 min'],
  ])('%i ms -> %s', (milliseconds, text) => {
    expect(formatWait(milliseconds)).toBe(text);
  });
});

describe('retryAfterOf', () => {
  it('prefers retry-after-ms, then Retry-After, then the wait named in the message', () => {
    expect(retryAfterOf(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), undefined)).toBe(250);
    expect(retryAfterOf(new Headers({ 'retry-after': '9' }), 'try again in 5s')).toBe(9000);
    expect(retryAfterOf(new Headers(), 'Please try again in 1.5s.')).toBe(1500);
    expect(retryAfterOf(new Headers(), 'Please try again in 20ms.')).toBe(20);
    expect(retryAfterOf(new Headers(), 'Quota exceeded.')).toBeUndefined();
  });
});
