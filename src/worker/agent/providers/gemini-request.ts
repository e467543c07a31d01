/**
 * The request side of Google's Gemini API (generateContent): the chat history (history.ts) as
 * `systemInstruction` + `contents` of parts, tool calls as `functionCall` parts of the model's turn
 * and their results as `functionResponse` parts of the next user turn, and the tools as
 * `functionDeclarations` with schemas trimmed to what Gemini's OpenAPI subset accepts.
 */
import type { ChatRequestMessage } from '../chat-messages';
import type { ProviderTool } from './provider';
import { GEMINI_SIGNATURE_PREFIX } from './anthropic-request';

export type GeminiPart =
  | { text: string; thought?: boolean; thoughtSignature?: string }
  | { functionCall: { name: string; args: object; id?: string }; thoughtSignature?: string }
  | { functionResponse: { name: string; response: object; id?: string } };

export interface GeminiContent {
  role: 'user' | 'model';
  parts: GeminiPart[];
}

export interface GeminiFunctionDeclaration {
  name: string;
  description: string;
  parameters: object;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text === '' ? '{}' : text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A tool result as Gemini wants it: an object. JSON objects pass as they are; other text is wrapped. */
function responseOf(content: string, isError: boolean): object {
  const parsed = parseObject(content);
  if (parsed) return parsed;
  return isError ? { error: content } : { result: content };
}

/** The signature Gemini gave this answer (stored with a prefix), or undefined for any other. */
function geminiSignature(signature: string | undefined): string | undefined {
  return signature?.startsWith(GEMINI_SIGNATURE_PREFIX) ? signature.slice(GEMINI_SIGNATURE_PREFIX.length) : undefined;
}

export function toGeminiContents(messages: readonly ChatRequestMessage[]): {
  systemInstruction?: { parts: { text: string }[] };
  contents: GeminiContent[];
} {
  const system: string[] = [];
  const contents: GeminiContent[] = [];
  const callNames = new Map<string, string>();
  const add = (role: GeminiContent['role'], parts: GeminiPart[]) => {
    if (parts.length === 0) return;
    const last = contents.at(-1);
    if (last?.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  };
  for (const message of messages) {
    switch (message.role) {
      case 'system':
        system.push(message.content);
        break;
      case 'user':
        add('user', [{ text: message.content }]);
        break;
      case 'tool':
        add('user', [
          {
            functionResponse: {
              name: callNames.get(message.tool_call_id) ?? 'unknown',
              response: responseOf(message.content, message.is_error === true),
            },
          },
        ]);
        break;
      case 'assistant': {
        // Gemini 3 checks the signature on the first function call of a turn (or its first part).
        let signature = geminiSignature(message.reasoning?.signature);
        const withSignature = () => {
          const value = signature;
          signature = undefined;
          return value === undefined ? {} : { thoughtSignature: value };
        };
        const parts: GeminiPart[] = [];
        const calls = message.tool_calls ?? [];
        if (message.content) parts.push({ text: message.content, ...(calls.length === 0 ? withSignature() : {}) });
        for (const call of calls) {
          callNames.set(call.id, call.function.name);
          parts.push({
            functionCall: { name: call.function.name, args: parseObject(call.function.arguments) ?? {} },
            ...withSignature(),
          });
        }
        add('model', parts);
        break;
      }
    }
  }
  return {
    ...(system.length > 0 ? { systemInstruction: { parts: [{ text: system.join('\n\n') }] } } : {}),
    contents,
  };
}

/** Keywords of JSON Schema that Gemini's Schema (an OpenAPI 3.0 subset) refuses. */
const UNSUPPORTED = new Set([
  'additionalProperties',
  '$schema',
  '$id',
  '$ref',
  '$defs',
  'definitions',
  'default',
  'examples',
  'const',
]);

/** A copy of the schema without the keywords Gemini refuses (an unknown field fails the whole request). */
export function geminiSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(geminiSchema);
  if (!isObject(schema)) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (UNSUPPORTED.has(key)) continue;
    // `properties` maps names to schemas: the names themselves are never keywords to drop.
    out[key] =
      key === 'properties' && isObject(value)
        ? Object.fromEntries(Object.entries(value).map(([name, item]) => [name, geminiSchema(item)]))
        : geminiSchema(value);
  }
  return out;
}

export function toGeminiTools(tools: readonly ProviderTool[]): { functionDeclarations: GeminiFunctionDeclaration[] }[] {
  if (tools.length === 0) return [];
  const functionDeclarations = tools.map(({ function: fn }) => ({
    name: fn.name,
    description: fn.description,
    parameters: geminiSchema(fn.parameters) as object,
  }));
  return [{ functionDeclarations }];
}
