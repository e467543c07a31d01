/**
 * Accumulates Anthropic's Messages stream (`message_start`, `content_block_start/delta/stop`,
 * `message_delta`, `message_stop`, `ping`, `error`) into the message being written. Text blocks
 * become `content`, thinking blocks `thinking` with their `signature_delta`, and tool_use blocks
 * tool calls whose `input_json_delta` pieces are joined into the arguments JSON.
 */
import type { ToolCall } from '../../../shared/entities';
import type { ChatStreamState, TokenUsage } from './chat-stream-state';
import type { StreamAccumulator } from '../providers/provider';
import { errorFromStream, invalidEvent } from '../providers/provider-errors';

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

type Block =
  | { kind: 'text'; text: string }
  | { kind: 'thinking'; thinking: string; signature: string }
  | { kind: 'tool'; call: ToolCall; json: string; startInput: string }
  | { kind: 'other' };

/**
 * @example
 * const accumulator = new AnthropicStreamAccumulator();
 * for await (const { data } of readServerSentEvents(body)) if (accumulator.pushData(data)) save(accumulator.snapshot());
 */
export class AnthropicStreamAccumulator implements StreamAccumulator {
  private readonly blocks = new Map<number, Block>();
  private stopReason: string | null = null;
  private usage: TokenUsage | null = null;
  private done = false;

  /** `message_stop` arrived. */
  get isDone(): boolean {
    return this.done;
  }

  /** A stop reason (or `message_stop`) arrived: the answer is whole. */
  get isComplete(): boolean {
    return this.done || this.stopReason !== null;
  }

  pushData(data: string): boolean {
    if (this.done || data.trim() === '') return false;
    let event: unknown;
    try {
      event = JSON.parse(data);
    } catch (error) {
      throw invalidEvent(error);
    }
    return this.pushEvent(event);
  }

  /** Applies one parsed event; true when the message changed. Throws the provider's `error` event. */
  pushEvent(event: unknown): boolean {
    if (this.done || !isRecord(event)) return false;
    switch (event.type) {
      case 'error':
        throw errorFromStream(event.error ?? event);
      case 'message_start': {
        const usage = isRecord(event.message) && isRecord(event.message.usage) ? event.message.usage : {};
        if (typeof usage.input_tokens === 'number') {
          this.usage = { promptTokens: usage.input_tokens, completionTokens: Number(usage.output_tokens ?? 0) };
        }
        return false;
      }
      case 'content_block_start':
        return this.start(Number(event.index), isRecord(event.content_block) ? event.content_block : {});
      case 'content_block_delta':
        return this.delta(Number(event.index), isRecord(event.delta) ? event.delta : {});
      case 'content_block_stop': {
        const block = this.blocks.get(Number(event.index));
        // A tool without arguments streams no input_json_delta at all: its input was in the start.
        if (block?.kind === 'tool' && block.json === '') block.call.function.arguments = block.startInput;
        return block?.kind === 'tool';
      }
      case 'message_delta': {
        const delta = isRecord(event.delta) ? event.delta : {};
        if (isRecord(event.usage) && typeof event.usage.output_tokens === 'number') {
          this.usage = { promptTokens: this.usage?.promptTokens ?? 0, completionTokens: event.usage.output_tokens };
        }
        if (typeof delta.stop_reason === 'string') this.stopReason = delta.stop_reason;
        return true;
      }
      case 'message_stop':
        this.done = true;
        return true;
      default:
        // ping, and event types added later.
        return false;
    }
  }

  finish(): boolean {
    return false;
  }

  snapshot(): ChatStreamState {
    const ordered = [...this.blocks.entries()].sort(([a], [b]) => a - b).map(([, block]) => block);
    let content = '';
    let thinking = '';
    let signature = '';
    const toolCalls: ToolCall[] = [];
    for (const block of ordered) {
      if (block.kind === 'text') content += block.text;
      else if (block.kind === 'thinking') {
        thinking += (thinking && block.thinking ? '\n\n' : '') + block.thinking;
        // One thinking block per answer is what the table keeps: the last signature is its.
        if (block.signature) signature = block.signature;
      } else if (block.kind === 'tool') toolCalls.push({ ...block.call, function: { ...block.call.function } });
    }
    return {
      content,
      thinking,
      ...(signature ? { thinkingSignature: signature } : {}),
      toolCalls,
      finishReason: this.stopReason,
      usage: this.usage === null ? null : { ...this.usage },
      done: this.done,
    };
  }

  private start(index: number, block: Json): boolean {
    switch (block.type) {
      case 'text':
        this.blocks.set(index, { kind: 'text', text: text(block.text) });
        return text(block.text) !== '';
      case 'thinking':
        this.blocks.set(index, { kind: 'thinking', thinking: text(block.thinking), signature: text(block.signature) });
        return true;
      case 'tool_use': {
        const input = isRecord(block.input) && Object.keys(block.input).length > 0 ? JSON.stringify(block.input) : '{}';
        const call: ToolCall = { id: text(block.id), type: 'function', function: { name: text(block.name), arguments: '' } };
        this.blocks.set(index, { kind: 'tool', call, json: '', startInput: input });
        return true;
      }
      default:
        // redacted_thinking and server tools: nothing the app can show or replay.
        this.blocks.set(index, { kind: 'other' });
        return false;
    }
  }

  private delta(index: number, delta: Json): boolean {
    const block = this.blocks.get(index);
    if (!block) return false;
    if (delta.type === 'text_delta' && block.kind === 'text') block.text += text(delta.text);
    else if (delta.type === 'thinking_delta' && block.kind === 'thinking') block.thinking += text(delta.thinking);
    else if (delta.type === 'signature_delta' && block.kind === 'thinking') block.signature += text(delta.signature);
    else if (delta.type === 'input_json_delta' && block.kind === 'tool') {
      block.json += text(delta.partial_json);
      block.call.function.arguments = block.json;
    } else return false;
    return true;
  }
}
