import { buildRequestMessages } from './history';
import type { ChatStreamState } from './streams/chat-stream-state';
import type { ChatRequest, ProviderConnection } from './providers/provider';
import { ProviderError } from './providers/provider-errors';
import { streamFor, type ProviderKind } from './providers/provider-kinds';
import { toolsFor } from './tools';
import type { ModelTurn, TurnOutput, TurnRequest } from './model-turn';

/** How much history goes into a request: the newest messages that fit both limits. */
export interface HistoryLimits {
  maxMessages: number;
  maxTokens: number;
}

const TITLE_PROMPT = 'Write a title of at most six words for this conversation. Reply with the title only, without quotes.';

/** Per-assistant request options beyond the model (its model settings). */
export interface TurnOptions {
  temperature?: number;
  maxTokens?: number;
  thinkingBudget?: number;
}

/**
 * A turn answered by a provider: OpenAI-compatible (OpenAI, Ollama, LM Studio, vLLM, ...),
 * Anthropic or Gemini, by its kind. All three stream the same snapshots, so persistence, Stop and
 * errors are the same whatever the kind.
 */
export class ProviderTurn implements ModelTurn {
  constructor(
    private readonly kind: ProviderKind,
    private readonly connection: Omit<ProviderConnection, 'signal'>,
    private readonly model: string,
    private readonly limits: HistoryLimits,
    private readonly options: TurnOptions = {},
  ) {}

  private stream(request: Omit<ChatRequest, 'baseUrl' | 'apiKey' | 'model'>) {
    return streamFor(this.kind)({ ...this.connection, model: this.model, ...request });
  }

  /** Asks the model for a short title of a conversation's first exchange. */
  async title(question: string, answer: string, signal: AbortSignal): Promise<string> {
    const messages = [
      { role: 'system' as const, content: TITLE_PROMPT },
      { role: 'user' as const, content: `Question: ${question.slice(0, 2000)}\n\nAnswer: ${answer.slice(0, 2000)}` },
    ];
    let content = '';
    for await (const state of this.stream({ messages, signal, maxTokens: 200 })) content = state.content;
    return content;
  }

  async run({ assistant, history, tools, signal, onUpdate }: TurnRequest): Promise<TurnOutput> {
    const messages = buildRequestMessages({
      systemPrompt: assistant.systemPrompt,
      messages: history,
      ...this.limits,
      keepThinking: this.kind !== 'openai-compatible',
    });
    let last: TurnOutput = { content: '', thinking: null, toolCalls: null };
    try {
      const stream = this.stream({
        messages,
        tools: tools ?? toolsFor(assistant.allowedTools),
        ...this.options,
        signal,
      });
      for await (const state of stream) {
        last = toOutput(state);
        onUpdate(last);
      }
      return last;
    } catch (error) {
      if (error instanceof ProviderError && error.partial) onUpdate(toOutput(error.partial));
      if (error instanceof ProviderError && error.code === 'Cancelled') throw new DOMException('Stopped', 'AbortError');
      throw error;
    }
  }
}

function toOutput(state: ChatStreamState): TurnOutput {
  return {
    content: state.content,
    thinking: state.thinking || null,
    thinkingSignature: state.thinkingSignature ?? null,
    toolCalls: state.toolCalls.length > 0 ? state.toolCalls : null,
  };
}
