import { describe, expect, it } from 'vitest';
import { validateQuery } from './search-query';
import type { SearchQuery } from './search-types';

/** What a refused query says: the user (or the agent's tool) reads it to know what to change. */
function refusal(query: unknown): { code?: string; message?: string } {
  try {
    validateQuery(query as SearchQuery);
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message };
  }
  throw new Error('The query was accepted.');
}

describe('validateQuery', () => {
  it('takes the text trimmed, with 50 results unless asked for another number', () => {
    expect(validateQuery({ text: '  tram 28  ' })).toEqual({ text: 'tram 28', limit: 50 });
    expect(validateQuery({ text: 'tram', limit: 200, role: 'document', sessionId: 's1', from: 0, to: 1 })).toEqual({
      text: 'tram',
      limit: 200,
      role: 'document',
      sessionId: 's1',
      from: 0,
      to: 1,
    });
  });

  it('takes text up to 1,000 characters and refuses longer, saying how long it may be', () => {
    expect(validateQuery({ text: 'x'.repeat(1_000) }).text).toHaveLength(1_000);
    expect(refusal({ text: 'x'.repeat(1_001) })).toEqual({
      code: 'InvalidInput',
      message: 'The search text is too long: use at most 1,000 characters.',
    });
  });

  it('refuses what is not a query, with a message for each part', () => {
    expect(refusal(null)).toMatchObject({ code: 'InvalidInput', message: expect.stringContaining('Search') });
    expect(refusal({ text: 42 })).toEqual({ code: 'InvalidInput', message: 'The search text must be text.' });
    expect(refusal({ text: 'a', sessionId: '' })).toMatchObject({
      code: 'InvalidInput',
      message: expect.stringContaining('Session id'),
    });
    expect(refusal({ text: 'a', role: 'boss' })).toEqual({
      code: 'InvalidInput',
      message: 'Unknown role "boss": use user, assistant, tool, system or document.',
    });
    expect(refusal({ text: 'a', from: Number.NaN })).toEqual({
      code: 'InvalidInput',
      message: 'The "from" date must be a time in milliseconds.',
    });
    expect(refusal({ text: 'a', to: Infinity })).toEqual({
      code: 'InvalidInput',
      message: 'The "to" date must be a time in milliseconds.',
    });
    expect(refusal({ text: 'a', limit: 201 })).toMatchObject({
      code: 'InvalidInput',
      message: expect.stringContaining('Result limit'),
    });
  });
});
