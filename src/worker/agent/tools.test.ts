import { describe, expect, it } from 'vitest';
import { parseToolArguments, TOOL_DEFINITIONS, TOOL_NAMES, toolsFor } from './tools';

const errorOf = (name: string, json: string, allowed?: string[]) => {
  const parsed = parseToolArguments(name, json, allowed);
  if (parsed.ok) throw new Error(`accepted: ${JSON.stringify(parsed.args)}`);
  return parsed.error;
};

describe('tool definitions', () => {
  it('defines the five content tools in the OpenAI format with exactly the agreed parameters', () => {
    const shapes = Object.fromEntries(
      TOOL_DEFINITIONS.map(({ type, function: { name, description, parameters } }) => {
        expect(type).toBe('function');
        expect(description.length).toBeGreaterThan(20);
        expect(parameters.type).toBe('object');
        expect(parameters.additionalProperties).toBe(false);
        return [name, { properties: Object.keys(parameters.properties), required: parameters.required ?? [] }];
      }),
    );
    expect(shapes).toEqual({
      add_content: { properties: ['filename', 'content'], required: ['filename', 'content'] },
      list_content: { properties: ['offset', 'limit'], required: [] },
      read_content: { properties: ['content_id', 'from_line', 'to_line'], required: ['content_id', 'from_line', 'to_line'] },
      keyword_search: { properties: ['query', 'top_n'], required: ['query'] },
      delete_content: { properties: ['content_id'], required: ['content_id'] },
    });
    expect(TOOL_DEFINITIONS.map((item) => item.function.name)).toEqual([...TOOL_NAMES]);
    // The whole list must survive JSON: it is sent as the request's `tools`.
    expect(JSON.parse(JSON.stringify(TOOL_DEFINITIONS))).toEqual(TOOL_DEFINITIONS);
  });

  it('filters by an assistant’s allowedTools, in the usual order, ignoring unknown names', () => {
    expect(toolsFor(['delete_content', 'read_content', 'web_search']).map((item) => item.function.name)).toEqual([
      'read_content',
      'delete_content',
    ]);
    expect(toolsFor([])).toEqual([]);
  });
});

describe('parseToolArguments', () => {
  it.each([
    ['add_content', '{"filename": "notes.md", "content": "# Notes"}', { filename: 'notes.md', content: '# Notes' }],
    ['list_content', '', {}],
    ['list_content', '{"offset": 0, "limit": 100}', { offset: 0, limit: 100 }],
    ['read_content', '{"content_id": "c1", "from_line": 3, "to_line": 3}', { content_id: 'c1', from_line: 3, to_line: 3 }],
    ['keyword_search', '{"query": "tax", "top_n": 50}', { query: 'tax', top_n: 50 }],
    ['delete_content', '{"content_id": "c1"}', { content_id: 'c1' }],
    ['delete_content', JSON.stringify('{"content_id": "twice"}'), { content_id: 'twice' }],
  ])('accepts %s %s', (name, json, args) => {
    expect(parseToolArguments(name, json)).toEqual({ ok: true, name, args });
  });

  it('types the arguments by tool name', () => {
    const parsed = parseToolArguments('read_content', '{"content_id": "c1", "from_line": 1, "to_line": 2}');
    if (!parsed.ok || parsed.name !== 'read_content') throw new Error('refused');
    const lines: number = parsed.args.to_line - parsed.args.from_line;
    expect(lines).toBe(1);
  });

  it.each([
    ['read_content', '{"content_id": "c1", "from_line": 0, "to_line": 5}', 'from_line must be an integer >= 1 (got 0).'],
    [
      'read_content',
      '{"content_id": "c1", "from_line": 9, "to_line": 5}',
      'to_line must be >= from_line (got from_line 9, to_line 5).',
    ],
    ['read_content', '{"content_id": "c1"}', 'from_line is required: an integer >= 1. to_line is required: an integer >= 1.'],
    ['list_content', '{"limit": 500}', 'limit must be an integer from 1 to 100 (got 500).'],
    ['list_content', '{"offset": -1}', 'offset must be an integer >= 0 (got -1).'],
    ['keyword_search', '{"query": "x", "top_n": 0}', 'top_n must be an integer from 1 to 50 (got 0).'],
    ['keyword_search', '{"q": "x"}', 'query is required'],
    ['keyword_search', '{"query": "x", "q": "x"}', 'q is not a known argument (allowed: query, top_n).'],
    ['add_content', '{"filename": "", "content": "x"}', 'filename must be a non-empty string'],
    ['delete_content', '[]', 'The arguments must be a JSON object (got an array).'],
  ])('refuses %s %s, saying what to fix', (name, json, problem) => {
    const error = errorOf(name, json);
    expect(error).toMatch(new RegExp(`^Invalid arguments for ${name}: `));
    expect(error).toContain(problem);
    expect(error).toContain('Send one JSON object, for example {');
  });

  it('refuses invalid JSON, with an example of a valid call', () => {
    const error = errorOf('read_content', '{"content_id": "c1", "from_line": 1,');
    expect(error).toMatch(/^The arguments of read_content are not valid JSON \(.+\)\. Send one JSON object, for example /);
    expect(error).toContain('{"content_id": "...", "from_line": 1, "to_line": 50}');
  });

  it('refuses an unknown tool, and one the assistant may not use, listing the available ones', () => {
    expect(errorOf('web_search', '{}')).toBe(
      'Unknown tool "web_search". Available tools: add_content, list_content, read_content, keyword_search, delete_content.',
    );
    expect(errorOf('delete_content', '{"content_id": "c1"}', ['read_content', 'list_content'])).toBe(
      'Unknown tool "delete_content". Available tools: list_content, read_content.',
    );
    expect(errorOf('list_content', '{}', [])).toBe('Unknown tool "list_content". No tools are available.');
  });
});
