import { describe, expect, it } from 'vitest';
import { describeSchema, validateJson, type ObjectSchema } from './json-schema';

const schema: ObjectSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 5 },
    count: { type: 'integer', minimum: 1, maximum: 10 },
    ratio: { type: 'number', maximum: 1 },
    mode: { type: 'string', enum: ['fast', 'slow'] },
    flag: { type: 'boolean' },
    tags: { type: 'array', items: { type: 'string' } },
    nested: {
      type: 'object',
      properties: { depth: { type: 'integer', minimum: 0 } },
      required: ['depth'],
      additionalProperties: false,
    },
  },
  required: ['name'],
  additionalProperties: false,
};

const check = (value: unknown) => validateJson(schema, value, 'The arguments');

describe('validateJson', () => {
  it('accepts values that fit', () => {
    expect(check({ name: 'a', count: 10, ratio: -0.5, mode: 'slow', flag: false, tags: ['x'], nested: { depth: 0 } })).toEqual(
      [],
    );
    expect(check({ name: 'abcde', count: 1.0 })).toEqual([]);
  });

  it.each([
    [[], 'The arguments must be a JSON object (got an array).'],
    [null, 'The arguments must be a JSON object (got null).'],
    [{}, 'name is required: a non-empty string of at most 5 characters.'],
    [{ name: '' }, 'name must be a non-empty string of at most 5 characters (got "").'],
    [{ name: 'abcdef' }, 'name must be a non-empty string of at most 5 characters (got "abcdef").'],
    [{ name: 'a', count: 0 }, 'count must be an integer from 1 to 10 (got 0).'],
    [{ name: 'a', count: 2.5 }, 'count must be an integer from 1 to 10 (got 2.5).'],
    [{ name: 'a', count: '3' }, 'count must be an integer from 1 to 10 (got "3").'],
    [{ name: 'a', ratio: 2 }, 'ratio must be a number <= 1 (got 2).'],
    [{ name: 'a', mode: 'medium' }, 'mode must be one of "fast", "slow" (got "medium").'],
    [{ name: 'a', flag: 'yes' }, 'flag must be true or false (got "yes").'],
    [{ name: 'a', tags: ['x', 2] }, 'tags[1] must be a string (got 2).'],
    [{ name: 'a', nested: {} }, 'nested.depth is required: an integer >= 0.'],
    [{ name: 'a', nested: { depth: 1, extra: 1 } }, 'nested.extra is not a known argument (allowed: depth).'],
    [{ name: 'a', colour: 'red' }, 'colour is not a known argument (allowed: name, count, ratio, mode, flag, tags, nested).'],
    [{ name: 'a'.repeat(50) }, 'name must be a non-empty string of at most 5 characters (got a string of 50 characters).'],
  ])('%j -> %s', (value, problem) => {
    expect(check(value)).toEqual([problem]);
  });

  it('reports several problems at once, at most five', () => {
    expect(check({ count: 0, ratio: 5 })).toEqual([
      'name is required: a non-empty string of at most 5 characters.',
      'count must be an integer from 1 to 10 (got 0).',
      'ratio must be a number <= 1 (got 5).',
    ]);
    expect(check({ a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 })).toHaveLength(5);
  });

  it('does not treat inherited names as known properties', () => {
    expect(check({ name: 'a', toString: 1 })).toEqual([expect.stringMatching(/^toString is not a known argument/)]);
  });

  it('names a value that is not an object', () => {
    expect(validateJson({ type: 'integer', minimum: 1 }, 0)).toEqual(['The value must be an integer >= 1 (got 0).']);
    expect(describeSchema({ type: 'string' })).toBe('a string');
  });
});
