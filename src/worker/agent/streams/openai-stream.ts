/**
 * Accumulates the chunks of an OpenAI chat-completions stream into the message being written, so
 * the caller can persist the growing message after every chunk. Only the first choice is read: the
 * client never asks for more than one. Unknown fields and shapes are ignored rather than refused,
 * since OpenAI-compatible servers differ in the details.
 */
import type { ToolCall } from '../../../shared/entities';
import { errorFromStream, invalidEvent } from '../providers/provider-errors';
import { ThinkTagSplitter } from './think-tags';
import type { ChatStreamState, TokenUsage } from './chat-stream-state';

/** The `[DONE]` sentinel OpenAI sends as the last event's data. */
export const DONE_SENTINEL = '[DONE]';

interface Slot {
  call: ToolCall;
  /** The id was made up here because the provider sent none (yet). */
  madeUpId: boolean;
}

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Text of a content field: a string, or a list of `{text}` parts as some providers send. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) return '';
  return value.map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : '')).join('');
}

function isWholeJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const makeId = () => `call_${crypto.randomUUID().replace(/-/g, '').slice(0, 24)}`;

/**
 * The state of one streamed answer. Feed it every event's data, in order, and read `snapshot()`.
 *
 * @example
 * const accumulator = new ChatStreamAccumulator();
 * for await (const { data } of readServerSentEvents(body)) {
 *   if (accumulator.pushData(data)) save(accumulator.snapshot());
 *   if (accumulator.isDone) break;
 * }
 * accumulator.finish();
 */
export class ChatStreamAccumulator {
  private readonly text = new ThinkTagSplitter();
  private readonly slots = new Map<number, Slot>();
  private lastIndex = -1;
  private finishReason: string | null = null;
  private usage: TokenUsage | null = null;
  private done = false;
  private finished = false;

  /** True once `[DONE]` arrived; later events are ignored. */
  get isDone(): boolean {
    return this.done;
  }

  /** True when the answer is complete: `[DONE]` arrived, or at least a finish reason. */
  get isComplete(): boolean {
    return this.done || this.finishReason !== null;
  }

  /**
   * Applies the `data` of one event: `[DONE]`, or a JSON chunk. Returns true when the state
   * changed. Throws a ProviderError (ProviderBadResponse) for data that is not JSON, or the
   * provider's error when the chunk is an `{"error": …}` object.
   */
  pushData(data: string): boolean {
    if (this.done) return false;
    if (data.trim() === DONE_SENTINEL) {
      this.done = true;
      this.finish();
      return true;
    }
    if (data.trim() === '') return false;
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch (error) {
      throw invalidEvent(error);
    }
    return this.pushChunk(chunk);
  }

  /**
   * Applies one parsed chunk: `choices[0].delta` (or a whole `message`, as a non-streamed answer
   * has), `finish_reason` and `usage`. Returns true when the state changed.
   */
  pushChunk(chunk: unknown): boolean {
    if (this.done || !isRecord(chunk)) return false;
    if (chunk.error !== undefined && chunk.error !== null) throw errorFromStream(chunk.error);
    let changed = false;
    if (isRecord(chunk.usage)) {
      const { prompt_tokens, completion_tokens } = chunk.usage;
      if (typeof prompt_tokens === 'number' && typeof completion_tokens === 'number') {
        this.usage = { promptTokens: prompt_tokens, completionTokens: completion_tokens };
        changed = true;
      }
    }
    const choice = Array.isArray(chunk.choices) ? chunk.choices[0] : undefined;
    if (!isRecord(choice)) return changed;
    const delta = isRecord(choice.delta) ? choice.delta : isRecord(choice.message) ? choice.message : {};
    // Some servers send both fields with the same text: take one.
    const reasoning = typeof delta.reasoning_content === 'string' ? delta.reasoning_content : delta.reasoning;
    if (typeof reasoning === 'string' && reasoning !== '') {
      this.text.addThinking(reasoning);
      changed = true;
    }
    const content = textOf(delta.content);
    if (content !== '') {
      this.text.push(content);
      changed = true;
    }
    if (Array.isArray(delta.tool_calls)) {
      for (const part of delta.tool_calls) changed = this.mergeToolCall(part) || changed;
    }
    if (typeof choice.finish_reason === 'string' && choice.finish_reason !== '') {
      this.finishReason = choice.finish_reason;
      changed = true;
    }
    return changed;
  }

  /**
   * Ends the answer (`[DONE]` does it too): text held back as a possible `<think>` tag is released.
   * Returns true when that changed the state.
   */
  finish(): boolean {
    if (this.finished) return false;
    this.finished = true;
    return this.text.finish();
  }

  /** The state now, as a fresh object. */
  snapshot(): ChatStreamState {
    const toolCalls = [...this.slots.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, { call }]) => ({ id: call.id, type: call.type, function: { ...call.function } }));
    return {
      content: this.text.content,
      thinking: this.text.thinking,
      toolCalls,
      finishReason: this.finishReason,
      usage: this.usage === null ? null : { ...this.usage },
      done: this.done,
    };
  }

  /**
   * Tool calls arrive in pieces, keyed by `index`: the first piece of an index has the id and the
   * name, later ones add to `function.arguments`. Servers that leave out `index` (some send whole
   * calls) are handled too: a new id starts a new call, and so does a name once the last call's
   * arguments are whole JSON; anything else continues the last call.
   */
  private mergeToolCall(part: unknown): boolean {
    if (!isRecord(part)) return false;
    const fn = isRecord(part.function) ? part.function : {};
    const id = typeof part.id === 'string' && part.id !== '' ? part.id : undefined;
    const name = typeof fn.name === 'string' ? fn.name : '';
    const args = typeof fn.arguments === 'string' ? fn.arguments : isRecord(fn.arguments) ? JSON.stringify(fn.arguments) : '';
    const index = typeof part.index === 'number' ? part.index : this.indexWithout(id, name);
    let slot = this.slots.get(index);
    if (slot === undefined) {
      slot = {
        call: { id: id ?? makeId(), type: 'function', function: { name: '', arguments: '' } },
        madeUpId: id === undefined,
      };
      this.slots.set(index, slot);
    } else if (id !== undefined && slot.madeUpId) {
      slot.call.id = id;
      slot.madeUpId = false;
    }
    this.lastIndex = Math.max(this.lastIndex, index);
    // OpenAI sends the name once; a server that repeats it must not get "read_contentread_content".
    if (name !== '' && name !== slot.call.function.name) slot.call.function.name += name;
    slot.call.function.arguments += args;
    return true;
  }

  /** Where a piece without `index` goes; a name starts a new call only once the last one is whole. */
  private indexWithout(id: string | undefined, name: string): number {
    if (id !== undefined) {
      for (const [index, slot] of this.slots) if (slot.call.id === id) return index;
      return this.lastIndex + 1;
    }
    const last = this.slots.get(this.lastIndex);
    if (last === undefined) return this.lastIndex + 1;
    return name !== '' && isWholeJson(last.call.function.arguments) ? this.lastIndex + 1 : this.lastIndex;
  }
}
