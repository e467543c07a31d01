/**
 * The subset of JSON Schema the tool definitions use, and a validator for it. Written here rather
 * than taken from a library (ajv alone outweighs this folder) because the tools need only flat
 * objects of strings and numbers. The validator's messages are read by the MODEL, so each names the
 * argument, what it must be and what was sent, in words it can act on.
 */

interface Described {
  description?: string;
}

export interface ObjectSchema extends Described {
  type: 'object';
  properties: { [name: string]: JsonSchema };
  required?: readonly string[];
  /** Only `false` is meaningful here: any other property is refused. */
  additionalProperties?: boolean;
}

export interface StringSchema extends Described {
  type: 'string';
  minLength?: number;
  maxLength?: number;
  enum?: readonly string[];
}

export interface NumberSchema extends Described {
  type: 'integer' | 'number';
  minimum?: number;
  maximum?: number;
  enum?: readonly number[];
}

export interface BooleanSchema extends Described {
  type: 'boolean';
}

export interface ArraySchema extends Described {
  type: 'array';
  items?: JsonSchema;
}

export type JsonSchema = ObjectSchema | StringSchema | NumberSchema | BooleanSchema | ArraySchema;

/** At most this many problems are reported at once: enough to fix a call, short enough to read. */
const MAX_PROBLEMS = 5;

/** "an integer from 1 to 100", "a non-empty string": what a value must be, for messages. */
export function describeSchema(schema: JsonSchema): string {
  if ('enum' in schema && schema.enum)
    return `one of ${schema.enum.map((item: string | number) => JSON.stringify(item)).join(', ')}`;
  switch (schema.type) {
    case 'string': {
      const { minLength: min, maxLength: max } = schema;
      const noun = min !== undefined && min >= 1 ? 'a non-empty string' : 'a string';
      return max === undefined ? noun : `${noun} of at most ${max} characters`;
    }
    case 'integer':
    case 'number': {
      const noun = schema.type === 'integer' ? 'an integer' : 'a number';
      const { minimum: min, maximum: max } = schema;
      if (min !== undefined && max !== undefined) return `${noun} from ${min} to ${max}`;
      if (min !== undefined) return `${noun} >= ${min}`;
      return max === undefined ? noun : `${noun} <= ${max}`;
    }
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'an array';
    case 'object':
      return 'a JSON object';
  }
}

/** What a value is, briefly: `0`, `"abc"`, `a string of 250 characters`, `an array`, `null`. */
function describeValue(value: unknown): string {
  if (typeof value === 'string') return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function fits(schema: JsonSchema, value: unknown): boolean {
  switch (schema.type) {
    case 'string':
      return (
        typeof value === 'string' &&
        (schema.minLength === undefined || value.length >= schema.minLength) &&
        (schema.maxLength === undefined || value.length <= schema.maxLength) &&
        (schema.enum === undefined || schema.enum.includes(value))
      );
    case 'integer':
    case 'number':
      return (
        typeof value === 'number' &&
        (schema.type === 'integer' ? Number.isSafeInteger(value) : Number.isFinite(value)) &&
        (schema.minimum === undefined || value >= schema.minimum) &&
        (schema.maximum === undefined || value <= schema.maximum) &&
        (schema.enum === undefined || schema.enum.includes(value))
      );
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
  }
}

/** `path` is null for the value itself (named `rootName` in messages), else the argument's path. */
function check(schema: JsonSchema, value: unknown, path: string | null, rootName: string, problems: string[]): void {
  if (problems.length >= MAX_PROBLEMS) return;
  if (!fits(schema, value)) {
    problems.push(`${path ?? rootName} must be ${describeSchema(schema)} (got ${describeValue(value)}).`);
    return;
  }
  const prefix = path === null ? '' : `${path}.`;
  if (schema.type === 'array' && schema.items && Array.isArray(value)) {
    const items = schema.items;
    value.forEach((item, index) => check(items, item, `${path ?? rootName}[${index}]`, rootName, problems));
  }
  if (schema.type !== 'object') return;
  const record = value as Record<string, unknown>;
  for (const name of schema.required ?? []) {
    if (record[name] === undefined && problems.length < MAX_PROBLEMS) {
      problems.push(`${prefix}${name} is required: ${describeSchema(schema.properties[name])}.`);
    }
  }
  for (const [name, item] of Object.entries(record)) {
    const property = Object.hasOwn(schema.properties, name) ? schema.properties[name] : undefined;
    if (property === undefined) {
      if (schema.additionalProperties === false && problems.length < MAX_PROBLEMS) {
        const allowed = Object.keys(schema.properties).join(', ') || 'none';
        problems.push(`${prefix}${name} is not a known argument (allowed: ${allowed}).`);
      }
      continue;
    }
    check(property, item, `${prefix}${name}`, rootName, problems);
  }
}

/**
 * Checks `value` against `schema`. Returns the problems found (at most 5), each a sentence naming
 * the argument, e.g. "from_line must be an integer >= 1 (got 0)."; an empty list when it fits.
 * `rootName` names the value itself, e.g. "The arguments must be a JSON object (got an array).".
 */
export function validateJson(schema: JsonSchema, value: unknown, rootName = 'The value'): string[] {
  const problems: string[] = [];
  check(schema, value, null, rootName, problems);
  return problems;
}
