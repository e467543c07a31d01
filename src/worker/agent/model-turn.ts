import type { ProviderTool } from './providers/provider';
import type { Assistant, Message, ToolCall } from '../../shared/entities';

/** What one model turn produced so far (while streaming) or in the end. */
export interface TurnOutput {
  content: string;
  thinking: string | null;
  thinkingSignature?: string | null;
  toolCalls: ToolCall[] | null;
}

export interface TurnRequest {
  sessionId: string;
  assistant: Assistant;
  /** The session's recent history, oldest first, ending with what the model must answer. */
  history: Message[];
  /** The tools offered to the model: the assistant's built-in ones and its MCP servers'. */
  tools?: ProviderTool[];
  signal: AbortSignal;
  onUpdate: (output: TurnOutput) => void;
}

/**
 * One round trip to "a model": a provider's streaming API, or the offline assistant. It reports
 * the growing answer through `onUpdate` and resolves with the final one; it rejects with an
 * AbortError when stopped, or with an error whose message a user can act on.
 */
export interface ModelTurn {
  run(request: TurnRequest): Promise<TurnOutput>;
  /** A short title for a conversation's first exchange; models that cannot, leave it out. */
  title?(question: string, answer: string, signal: AbortSignal): Promise<string>;
}
