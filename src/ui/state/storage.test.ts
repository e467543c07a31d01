import { describe, expect, it } from 'vitest';
import { isNearlyFull } from './storage.svelte';

describe('storage status', () => {
  it('warns at 90% of the quota and not before, nor without numbers', () => {
    expect(isNearlyFull(89, 100)).toBe(false);
    expect(isNearlyFull(90, 100)).toBe(true);
    expect(isNearlyFull(null, 100)).toBe(false);
    expect(isNearlyFull(10, 0)).toBe(false);
  });
});
