/**
 * The message as it streams in, the same shape whatever the provider: each stream accumulator
 * (openai-stream.ts, anthropic-stream.ts, gemini-stream.ts) produces it, and a ProviderError carries
 * the part that had arrived when a stream broke. Its own module, so errors and streams need not
 * import each other.
 */
import type { ToolCall } from '../../../shared/entities';

/** Token counts, when the provider sends them (a final chunk with `usage`). */
export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

/** The message as far as it has arrived. Every snapshot is a fresh object the caller may keep. */
export interface ChatStreamState {
  /** The answer text, without `<think>` blocks. */
  content: string;
  /** Reasoning: `reasoning_content` / `reasoning` deltas and `<think>` blocks; '' when none. */
  thinking: string;
  /** The provider's signature of the reasoning (Anthropic, Gemini), to be sent back with it. */
  thinkingSignature?: string;
  /** Tool calls ordered by their stream index; `arguments` may be incomplete JSON until the end. */
  toolCalls: ToolCall[];
  /** `stop`, `length`, `tool_calls`, `content_filter`…; null until the provider sends one. */
  finishReason: string | null;
  usage: TokenUsage | null;
  /** True once `data: [DONE]` arrived. */
  done: boolean;
}
