import { buildRequestMessages } from '../../lib/agent/history';
import type { ChatStreamState } from '../../lib/agent/openai-stream';
import { completeChat, streamChat, type ProviderConnection } from '../../lib/agent/provider';
import { ProviderError } from '../../lib/agent/provider-errors';
import { toolsFor } from '../../lib/agent/tools';
import type { ModelTurn, TurnOutput, TurnRequest } from './model-turn';

/** How much history goes into a request: the newest messages that fit both limits. */
export interface HistoryLimits {
  maxMessages: number;
  maxTokens: number;
}

const TITLE_PROMPT = 'Write a title of at most six words for this conversation. Reply with the title only, without quotes.';

/** A turn answered by an OpenAI-compatible provider (OpenAI, Ollama, LM Studio, vLLM, ...). */
export class ProviderTurn implements ModelTurn {
  constructor(
    private readonly connection: Omit<ProviderConnection, 'signal'>,
    private readonly model: string,
    private readonly limits: HistoryLimits,
    private readonly temperature?: number,
  ) {}

  /** Asks the model for a short title of a conversation's first exchange. */
  async title(question: string, answer: string, signal: AbortSignal): Promise<string> {
    const messages = [
      { role: 'system' as const, content: TITLE_PROMPT },
      { role: 'user' as const, content: `Question: ${question.slice(0, 2000)}\n\nAnswer: ${answer.slice(0, 2000)}` },
    ];
    const final = await completeChat({ ...this.connection, model: this.model, messages, signal });
    return final.content;
  }

  async run({ assistant, history, signal, onUpdate }: TurnRequest): Promise<TurnOutput> {
    const messages = buildRequestMessages({ systemPrompt: assistant.systemPrompt, messages: history, ...this.limits });
    let last: TurnOutput = { content: '', thinking: null, toolCalls: null };
    try {
      const stream = streamChat({
        ...this.connection,
        model: this.model,
        messages,
        tools: toolsFor(assistant.allowedTools),
        temperature: this.temperature,
        signal,
      });
      for await (const state of stream) {
        last = toOutput(state);
        onUpdate(last);
      }
      return last;
    } catch (error) {
      if (error instanceof ProviderError && error.partial) onUpdate(toOutput(error.partial));
      if (error instanceof ProviderError && error.kind === 'aborted') throw new DOMException('Stopped', 'AbortError');
      throw error;
    }
  }
}

function toOutput(state: ChatStreamState): TurnOutput {
  return {
    content: state.content,
    thinking: state.thinking || null,
    toolCalls: state.toolCalls.length > 0 ? state.toolCalls : null,
  };
}
