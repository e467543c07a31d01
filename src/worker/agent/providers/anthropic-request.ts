/**
 * The request side of Anthropic's Messages API: the chat history (history.ts, in the OpenAI shape
 * the app builds once) turned into Anthropic's `system` + `messages` with content blocks, and the
 * tools into `{name, description, input_schema}`.
 *
 * Anthropic's rules this follows: the system prompt is a top-level field; a tool result is a
 * `tool_result` block in the user message right after the `tool_use` that asked for it; consecutive
 * messages of one role are merged; and an earlier answer's thinking goes back as a `thinking` block
 * with its signature, first in its message, unchanged (the API checks the signature).
 */
import type { ChatRequestMessage } from '../chat-messages';
import type { ProviderTool } from './provider';

export type AnthropicBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  | { type: 'tool_result'; tool_use_id: string; content: string; is_error?: boolean };

export interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: AnthropicBlock[];
}

export interface AnthropicTool {
  name: string;
  description: string;
  input_schema: object;
}

/** Signatures of other providers (Gemini's are stored with a prefix) are never sent to Anthropic. */
export const GEMINI_SIGNATURE_PREFIX = 'gemini:';

/** The arguments of a call as an object: Anthropic wants `input` parsed, and always an object. */
function inputOf(argumentsJson: string): unknown {
  try {
    const value: unknown = JSON.parse(argumentsJson === '' ? '{}' : argumentsJson);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : { value };
  } catch {
    return {};
  }
}

function blocksOf(message: Exclude<ChatRequestMessage, { role: 'system' }>): AnthropicBlock[] {
  switch (message.role) {
    case 'user':
      return [{ type: 'text', text: message.content }];
    case 'tool':
      return [
        {
          type: 'tool_result',
          tool_use_id: message.tool_call_id,
          content: message.content,
          ...(message.is_error ? { is_error: true } : {}),
        },
      ];
    case 'assistant': {
      const blocks: AnthropicBlock[] = [];
      const { reasoning } = message;
      if (reasoning && !reasoning.signature.startsWith(GEMINI_SIGNATURE_PREFIX)) {
        blocks.push({ type: 'thinking', thinking: reasoning.thinking, signature: reasoning.signature });
      }
      if (message.content) blocks.push({ type: 'text', text: message.content });
      for (const call of message.tool_calls ?? []) {
        blocks.push({ type: 'tool_use', id: call.id, name: call.function.name, input: inputOf(call.function.arguments) });
      }
      return blocks;
    }
  }
}

/** `system` (the system messages joined) and the alternating `messages`. */
export function toAnthropicMessages(messages: readonly ChatRequestMessage[]): {
  system: string;
  messages: AnthropicMessage[];
} {
  const system: string[] = [];
  const out: AnthropicMessage[] = [];
  for (const message of messages) {
    if (message.role === 'system') {
      system.push(message.content);
      continue;
    }
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const blocks = blocksOf(message);
    if (blocks.length === 0) continue;
    const last = out.at(-1);
    // Results follow their call directly (history.ts), so in a merged user message they come first.
    if (last?.role === role) last.content.push(...blocks);
    else out.push({ role, content: blocks });
  }
  return { system: system.join('\n\n'), messages: out };
}

export function toAnthropicTools(tools: readonly ProviderTool[]): AnthropicTool[] {
  return tools.map(({ function: fn }) => ({ name: fn.name, description: fn.description, input_schema: fn.parameters }));
}
