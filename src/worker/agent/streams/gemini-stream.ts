/**
 * Accumulates Gemini's streamed `GenerateContentResponse` chunks (streamGenerateContent?alt=sse)
 * into the message being written: text parts, thought parts (reasoning), whole `functionCall`
 * parts as tool calls, and the first `thoughtSignature`, which Gemini 3 wants back with the call.
 * Gemini sends no end marker: the answer is complete once a candidate has a `finishReason`.
 */
import type { ToolCall } from '../../../shared/entities';
import { GEMINI_SIGNATURE_PREFIX } from '../providers/anthropic-request';
import type { ChatStreamState, TokenUsage } from './chat-stream-state';
import type { StreamAccumulator } from '../providers/provider';
import { errorFromStream, invalidEvent, ProviderError } from '../providers/provider-errors';

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const makeId = () => `call_${crypto.randomUUID().replace(/-/g, '').slice(0, 24)}`;

export class GeminiStreamAccumulator implements StreamAccumulator {
  private content = '';
  private thinking = '';
  private signature = '';
  private readonly toolCalls: ToolCall[] = [];
  private finishReason: string | null = null;
  private usage: TokenUsage | null = null;

  /** Gemini has no end event: the stream's end is the end. */
  get isDone(): boolean {
    return false;
  }

  get isComplete(): boolean {
    return this.finishReason !== null;
  }

  pushData(data: string): boolean {
    if (data.trim() === '') return false;
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch (error) {
      throw invalidEvent(error);
    }
    return this.pushChunk(chunk);
  }

  /** Applies one response chunk. Throws its `error`, or a refusal of the prompt (`promptFeedback.blockReason`). */
  pushChunk(chunk: unknown): boolean {
    if (!isRecord(chunk)) return false;
    if (chunk.error !== undefined && chunk.error !== null) throw errorFromStream(chunk.error);
    let changed = false;
    if (isRecord(chunk.usageMetadata)) {
      const { promptTokenCount, candidatesTokenCount } = chunk.usageMetadata;
      if (typeof promptTokenCount === 'number') {
        this.usage = { promptTokens: promptTokenCount, completionTokens: Number(candidatesTokenCount ?? 0) };
      }
    }
    const candidate = Array.isArray(chunk.candidates) ? chunk.candidates[0] : undefined;
    if (!isRecord(candidate)) {
      const blocked = isRecord(chunk.promptFeedback) ? chunk.promptFeedback.blockReason : undefined;
      if (typeof blocked === 'string') {
        throw new ProviderError(
          'ProviderBadRequest',
          `Gemini refused the request (${blocked}). Rephrase the message and try again.`,
        );
      }
      return changed;
    }
    const parts = isRecord(candidate.content) && Array.isArray(candidate.content.parts) ? candidate.content.parts : [];
    for (const part of parts) {
      if (!isRecord(part)) continue;
      if (typeof part.thoughtSignature === 'string' && this.signature === '') this.signature = part.thoughtSignature;
      if (isRecord(part.functionCall)) {
        const { name, args, id } = part.functionCall;
        this.toolCalls.push({
          id: typeof id === 'string' && id !== '' ? id : makeId(),
          type: 'function',
          function: { name: typeof name === 'string' ? name : '', arguments: JSON.stringify(isRecord(args) ? args : {}) },
        });
        changed = true;
      } else if (typeof part.text === 'string' && part.text !== '') {
        if (part.thought === true) this.thinking += part.text;
        else this.content += part.text;
        changed = true;
      }
    }
    if (typeof candidate.finishReason === 'string' && candidate.finishReason !== '') {
      this.finishReason = candidate.finishReason;
      changed = true;
    }
    return changed;
  }

  finish(): boolean {
    return false;
  }

  snapshot(): ChatStreamState {
    return {
      content: this.content,
      thinking: this.thinking,
      ...(this.signature ? { thinkingSignature: `${GEMINI_SIGNATURE_PREFIX}${this.signature}` } : {}),
      toolCalls: this.toolCalls.map((call) => ({ ...call, function: { ...call.function } })),
      finishReason: this.finishReason,
      usage: this.usage === null ? null : { ...this.usage },
      done: this.finishReason !== null,
    };
  }
}
