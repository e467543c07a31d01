/**
 * The content-store tools offered to the model, in the OpenAI `tools` format, and the parsing of
 * the arguments the model sends back. The model's arguments are untrusted text: every call goes
 * through `parseToolArguments` before a tool runs, and its error messages are written for the
 * model, which reads them as the tool's result and can correct its call.
 */
import { MAX_ID_LENGTH, MAX_NAME_LENGTH } from '../../shared/validate';
import { validateJson, type ObjectSchema } from './mcp/json-schema';

export const TOOL_NAMES = ['add_content', 'list_content', 'read_content', 'keyword_search', 'delete_content'] as const;

export type ToolName = (typeof TOOL_NAMES)[number];

/** The arguments of each tool, as they are after `parseToolArguments` accepted them. */
export interface ToolArguments {
  add_content: { filename: string; content: string };
  list_content: { offset?: number; limit?: number };
  /** Lines are 1-based and inclusive; `to_line >= from_line`. */
  read_content: { content_id: string; from_line: number; to_line: number };
  keyword_search: { query: string; top_n?: number };
  delete_content: { content_id: string };
}

export interface ToolDefinition {
  type: 'function';
  function: { name: ToolName; description: string; parameters: ObjectSchema };
}

const contentId = {
  type: 'string',
  minLength: 1,
  maxLength: MAX_ID_LENGTH,
  description: 'The id of a content item, as list_content or keyword_search return it.',
} as const;

function tool(
  name: ToolName,
  description: string,
  parameters: Omit<ObjectSchema, 'type' | 'additionalProperties'>,
): ToolDefinition {
  return {
    type: 'function',
    function: { name, description, parameters: { type: 'object', ...parameters, additionalProperties: false } },
  };
}

/** All tools, in the order they are offered. */
export const TOOL_DEFINITIONS: readonly ToolDefinition[] = [
  tool('add_content', "Save a text as a new item of this session's content store, so it can be read and searched later.", {
    properties: {
      filename: {
        type: 'string',
        minLength: 1,
        maxLength: MAX_NAME_LENGTH,
        description: 'A file name for the item, e.g. "notes.md".',
      },
      content: { type: 'string', minLength: 1, description: 'The full text to save.' },
    },
    required: ['filename', 'content'],
  }),
  tool('list_content', "List the items of this session's content store: id, file name, size and number of lines.", {
    properties: {
      offset: { type: 'integer', minimum: 0, description: 'How many items to skip, for paging (0 to start at the first).' },
      limit: { type: 'integer', minimum: 1, maximum: 100, description: 'How many items to return, 1 to 100.' },
    },
  }),
  tool('read_content', 'Read lines of a content item. Lines are numbered from 1; both ends of the range are included.', {
    properties: {
      content_id: contentId,
      from_line: { type: 'integer', minimum: 1, description: 'The first line to read (1 is the first line of the item).' },
      to_line: { type: 'integer', minimum: 1, description: 'The last line to read (included); at least from_line.' },
    },
    required: ['content_id', 'from_line', 'to_line'],
  }),
  tool(
    'keyword_search',
    "Search the session's content store for words; returns the best matching passages with their content id and line numbers.",
    {
      properties: {
        query: { type: 'string', minLength: 1, description: 'The words to search for.' },
        top_n: { type: 'integer', minimum: 1, maximum: 50, description: 'How many passages to return, 1 to 50.' },
      },
      required: ['query'],
    },
  ),
  tool('delete_content', "Delete an item from this session's content store. This cannot be undone.", {
    properties: { content_id: contentId },
    required: ['content_id'],
  }),
];

/**
 * The built-in tools that ask the user before each call: what an injected prompt (a document, a
 * tool result, a model answer) could turn against the user's data. The others read, or add a new
 * item, and lose nothing the user had.
 */
export const ASK_FIRST_TOOLS: ReadonlySet<string> = new Set<ToolName>(['delete_content']);

export function isToolName(name: string): name is ToolName {
  return (TOOL_NAMES as readonly string[]).includes(name);
}

/** The definitions of the tools an assistant may use (its `allowedTools`); unknown names are ignored. */
export function toolsFor(allowedTools: readonly string[]): ToolDefinition[] {
  return TOOL_DEFINITIONS.filter((definition) => allowedTools.includes(definition.function.name));
}

/** A tool call the model may go ahead with, its arguments typed by tool name (switch on `name`). */
export type AcceptedToolCall = { [N in ToolName]: { ok: true; name: N; args: ToolArguments[N] } }[ToolName];

export type ParsedToolArguments = AcceptedToolCall | { ok: false; error: string };

const EXAMPLES: Record<ToolName, string> = {
  add_content: '{"filename": "notes.md", "content": "..."}',
  list_content: '{"offset": 0, "limit": 20}',
  read_content: '{"content_id": "...", "from_line": 1, "to_line": 50}',
  keyword_search: '{"query": "...", "top_n": 10}',
  delete_content: '{"content_id": "..."}',
};

const refuse = (error: string): ParsedToolArguments => ({ ok: false, error });

/**
 * Parses and checks the arguments the model sent for a tool call. Pass the assistant's
 * `allowedTools` to refuse a tool it was not offered.
 *
 * @example
 * const parsed = parseToolArguments(call.function.name, call.function.arguments, assistant.allowedTools);
 * if (!parsed.ok) return toolResult(call.id, parsed.error); // the model reads the error and retries
 * if (parsed.name === 'read_content') readLines(parsed.args.content_id, parsed.args.from_line, parsed.args.to_line);
 */
export function parseToolArguments(name: string, argumentsJson: string, allowedTools?: readonly string[]): ParsedToolArguments {
  const available = allowedTools === undefined ? [...TOOL_NAMES] : TOOL_NAMES.filter((item) => allowedTools.includes(item));
  if (!isToolName(name) || !available.includes(name)) {
    const list = available.length > 0 ? `Available tools: ${available.join(', ')}.` : 'No tools are available.';
    return refuse(`Unknown tool "${name}". ${list}`);
  }
  const usage = `Send one JSON object, for example ${EXAMPLES[name]}.`;
  let args: unknown;
  try {
    // A tool without required arguments may be called with none at all.
    args = argumentsJson.trim() === '' ? {} : JSON.parse(argumentsJson);
    // Some models encode the object twice, as a JSON string holding JSON.
    if (typeof args === 'string') args = JSON.parse(args);
  } catch (error) {
    return refuse(`The arguments of ${name} are not valid JSON (${(error as Error).message}). ${usage}`);
  }
  const definition = TOOL_DEFINITIONS.find((item) => item.function.name === name) as ToolDefinition;
  const problems = validateJson(definition.function.parameters, args, 'The arguments');
  if (name === 'read_content' && problems.length === 0) {
    const { from_line, to_line } = args as ToolArguments['read_content'];
    if (to_line < from_line) problems.push(`to_line must be >= from_line (got from_line ${from_line}, to_line ${to_line}).`);
  }
  if (problems.length > 0) return refuse(`Invalid arguments for ${name}: ${problems.join(' ')} ${usage}`);
  return { ok: true, name, args } as AcceptedToolCall;
}
