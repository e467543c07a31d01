/**
 * The request side of the OpenAI chat-completions API: the message shapes sent to the provider.
 * Stored app messages (db/types.ts Message) become these in history.ts; nothing else is sent, in
 * particular not the thinking (providers neither need it nor, for DeepSeek, accept it back).
 */
import type { ToolCall } from '../../shared/entities';

export interface SystemMessage {
  role: 'system';
  content: string;
}

export interface UserMessage {
  role: 'user';
  content: string;
}

export interface AssistantMessage {
  role: 'assistant';
  /** null when the message only calls tools, as OpenAI itself sends it. */
  content: string | null;
  tool_calls?: ToolCall[];
  /**
   * The model's own reasoning with the provider's signature, for the providers that want it back
   * (Anthropic's thinking blocks, Gemini's thought signatures). Only set when the history is built
   * with `keepThinking`; never sent to OpenAI-compatible servers.
   */
  reasoning?: { thinking: string; signature: string };
}

/** The result of one tool call, answering the assistant message whose call has this id. */
export interface ToolResultMessage {
  role: 'tool';
  tool_call_id: string;
  content: string;
  /** The call failed (Anthropic's `is_error`); only set when the history is built with `keepThinking`. */
  is_error?: boolean;
}

export type ChatRequestMessage = SystemMessage | UserMessage | AssistantMessage | ToolResultMessage;
