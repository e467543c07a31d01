/**
 * The request side of the OpenAI chat-completions API: the message shapes sent to the provider.
 * Stored app messages (db/types.ts Message) become these in history.ts; nothing else is sent, in
 * particular not the thinking (providers neither need it nor, for DeepSeek, accept it back).
 */
import type { ToolCall } from '../db/types';

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
}

/** The result of one tool call, answering the assistant message whose call has this id. */
export interface ToolResultMessage {
  role: 'tool';
  tool_call_id: string;
  content: string;
}

export type ChatRequestMessage = SystemMessage | UserMessage | AssistantMessage | ToolResultMessage;
