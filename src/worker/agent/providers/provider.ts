/**
 * The client of OpenAI-compatible chat APIs (OpenAI, Ollama's /v1, LM Studio, vLLM, llama.cpp,
 * OpenRouter…). It runs in the app's worker with plain `fetch`. Every failure is thrown as a
 * ProviderError (provider-errors.ts) whose message a user can act on and never holds the API key.
 */
import type { ChatRequestMessage } from '../chat-messages';
import { endpointUrl } from './endpoint';
import { ChatStreamAccumulator } from '../streams/openai-stream';
import type { ChatStreamState } from '../streams/chat-stream-state';
import {
  aborted,
  connectionLost,
  errorFromResponse,
  errorFromStream,
  notAStream,
  ProviderError,
  redirected,
  truncatedStream,
  unreachable,
  unreadableModelList,
} from './provider-errors';
import { readServerSentEvents } from '../streams/sse';

export interface ProviderConnection {
  /** e.g. http://localhost:11434/v1 (Ollama) or https://api.openai.com/v1 */
  baseUrl: string;
  /** Sent as `Authorization: Bearer …` only when set and not blank. */
  apiKey?: string;
  /** Stops the request, also mid-stream: the call then throws a ProviderError with code Cancelled. */
  signal?: AbortSignal;
}

export interface ChatRequest extends ProviderConnection {
  model: string;
  messages: readonly ChatRequestMessage[];
  /** Left out of the request when empty: some servers refuse an empty list. */
  tools?: readonly ProviderTool[];
  temperature?: number;
  /** The most tokens of the answer; Anthropic requires one (default 8192), others use theirs. */
  maxTokens?: number;
  /** Anthropic extended thinking: the token budget for it; left out, no thinking is asked for. */
  thinkingBudget?: number;
}

/** A tool as offered to a model: a built-in ToolDefinition, or one of an MCP server. */
export interface ProviderTool {
  type: 'function';
  function: { name: string; description: string; parameters: object };
}

/**
 * What reads one provider's stream: it takes the events' data in order and tells when the answer
 * is complete. ChatStreamAccumulator (OpenAI), AnthropicStreamAccumulator and GeminiStreamAccumulator.
 */
export interface StreamAccumulator {
  /** Applies one event's data; true when the message changed. Throws a ProviderError. */
  pushData(data: string): boolean;
  /** Nothing more will come (`[DONE]`, `message_stop`): stop reading. */
  readonly isDone: boolean;
  /** The answer is whole, even if the stream breaks now. */
  readonly isComplete: boolean;
  finish(): boolean;
  snapshot(): ChatStreamState;
}

export function headersFor(apiKey: string | undefined, accept: string, json: boolean): Record<string, string> {
  const headers: Record<string, string> = { Accept: accept };
  if (json) headers['Content-Type'] = 'application/json';
  const key = apiKey?.trim();
  if (key) headers.Authorization = `Bearer ${key}`;
  return headers;
}

/** fetch, with its failures and error statuses turned into ProviderErrors. */
export async function send(url: URL, init: RequestInit, connection: ProviderConnection): Promise<Response> {
  const { signal, apiKey } = connection;
  if (signal?.aborted) throw aborted(signal.reason);
  let response: Response;
  try {
    // Never followed: a redirect would carry the key (a header of this request) to another address.
    response = await fetch(url, { ...init, signal, redirect: 'manual' });
  } catch (error) {
    // A browser reports a CORS refusal as the same TypeError as an unreachable server.
    throw signal?.aborted ? aborted(error) : unreachable(url, error);
  }
  // A browser hands back an opaque redirect (status 0); Node, the 3xx response itself.
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) throw redirected(url, response);
  if (!response.ok) throw await errorFromResponse(response, apiKey);
  return response;
}

/** The whole body as text; a failure while reading is the connection's (or the caller's abort). */
export async function readText(response: Response, signal: AbortSignal | undefined): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    throw signal?.aborted ? aborted(error) : connectionLost(error);
  }
}

export function asProviderError(error: unknown, signal: AbortSignal | undefined): ProviderError {
  if (error instanceof ProviderError) return error;
  return signal?.aborted ? aborted(error) : connectionLost(error);
}

/**
 * Reads an event stream into the accumulator, yielding a snapshot after every event that changed
 * the message. A connection that breaks after the finish reason arrived loses nothing and is not
 * an error.
 */
export async function* readEventStream(
  body: ReadableStream<Uint8Array>,
  accumulator: StreamAccumulator,
  signal: AbortSignal | undefined,
): AsyncGenerator<ChatStreamState, void, undefined> {
  let events = 0;
  try {
    for await (const event of readServerSentEvents(body)) {
      // Lines already received are still parsed after an abort: stop at the next one instead.
      if (signal?.aborted) throw aborted(signal.reason);
      events++;
      if (event.event === 'error') throw errorFromStream(parseErrorEvent(event.data));
      if (accumulator.pushData(event.data)) yield accumulator.snapshot();
      if (accumulator.isDone) return;
    }
  } catch (error) {
    if (error instanceof ProviderError || signal?.aborted || !accumulator.isComplete) throw asProviderError(error, signal);
  }
  if (!accumulator.isComplete) throw events === 0 ? notAStream('no events') : truncatedStream();
}

/**
 * The streaming half shared by the Anthropic and Gemini clients: POSTs what `prepare` builds,
 * insists on an event stream, and yields the accumulator's snapshots; the final state is
 * returned. Failures become ProviderErrors with `partial` once the provider had answered.
 */
export async function* streamEvents(
  request: ChatRequest,
  accumulator: StreamAccumulator,
  prepare: () => { url: URL; init: RequestInit },
): AsyncGenerator<ChatStreamState, ChatStreamState, undefined> {
  const { signal } = request;
  let answered = false;
  let yielded = false;
  try {
    const { url, init } = prepare();
    const response = await send(url, init, request);
    answered = true;
    const type = response.headers.get('content-type')?.toLowerCase() ?? '';
    if (response.body === null) throw notAStream('nothing');
    if (!type.includes('text/event-stream')) {
      await response.body.cancel().catch(() => undefined);
      throw notAStream(type.includes('html') ? 'a web page' : type || 'an unknown type');
    }
    for await (const state of readEventStream(response.body, accumulator, signal)) {
      yielded = true;
      yield state;
    }
    const final = accumulator.snapshot();
    if (!yielded) yield final;
    return final;
  } catch (error) {
    throw asProviderError(error, signal).finalize(request.apiKey, answered ? accumulator.snapshot() : undefined);
  }
}

/** An `event: error` carries JSON (`{"error": …}` or the error itself) or plain text. */
function parseErrorEvent(data: string): unknown {
  try {
    const json = JSON.parse(data) as { error?: unknown };
    return json?.error ?? json;
  } catch {
    return data;
  }
}

/**
 * Streams a chat completion: POSTs `${baseUrl}/chat/completions` with `stream: true`.
 *
 * Yields a SNAPSHOT of the whole message (not a delta) after every event that changed it, so the
 * caller can persist or show the latest one and drop the others; snapshots can be as frequent as
 * tokens, so throttle writes. Returns the final state, which is always the last snapshot yielded. The answer
 * is complete when `[DONE]` arrived or, for servers that leave it out, a finish reason did.
 *
 * A server that ignores `stream: true` and sends one JSON completion is accepted as well.
 *
 * Throws ProviderError. When the provider had answered (the failure came while reading its answer),
 * `error.partial` holds the message as far as it had arrived. Nothing is sent before the first
 * `next()`; stopping the iteration early closes the connection.
 *
 * @example
 * const stream = streamChat({ baseUrl: 'http://localhost:11434/v1', model: 'qwen3:8b', messages, tools, signal });
 * for await (const state of stream) saveDraft(state.content, state.thinking, state.toolCalls);
 */
export async function* streamChat(request: ChatRequest): AsyncGenerator<ChatStreamState, ChatStreamState, undefined> {
  const { model, messages, tools, temperature, signal } = request;
  const accumulator = new ChatStreamAccumulator();
  let answered = false;
  let yielded = false;
  try {
    const url = endpointUrl(request.baseUrl, 'chat/completions');
    const body = {
      model,
      messages,
      stream: true,
      ...(tools !== undefined && tools.length > 0 ? { tools } : {}),
      ...(temperature !== undefined ? { temperature } : {}),
    };
    const init = { method: 'POST', headers: headersFor(request.apiKey, 'text/event-stream', true), body: JSON.stringify(body) };
    const response = await send(url, init, request);
    answered = true;
    const type = response.headers.get('content-type')?.toLowerCase() ?? '';
    if (type.includes('application/json')) {
      const text = await readText(response, signal);
      // pushData throws for invalid JSON and for an `{"error": …}` body.
      accumulator.pushData(text);
      if (!accumulator.isComplete) throw notAStream('JSON that is not a chat completion');
    } else if (response.body === null) {
      throw notAStream('nothing');
    } else if (type.includes('text/html')) {
      await response.body.cancel().catch(() => undefined);
      throw notAStream('a web page');
    } else {
      for await (const state of readEventStream(response.body, accumulator, signal)) {
        yielded = true;
        yield state;
      }
    }
    // finish() releases text held back as a possible <think> tag: the final state may differ.
    const released = accumulator.finish();
    const final = accumulator.snapshot();
    if (released || !yielded) yield final;
    return final;
  } catch (error) {
    accumulator.finish();
    throw asProviderError(error, signal).finalize(request.apiKey, answered ? accumulator.snapshot() : undefined);
  }
}

/** Where a provider lists its models, and how to read the ids from its answer. */
export interface ModelListShape {
  request(connection: ProviderConnection): { url: URL; headers: Record<string, string> };
  /** The ids in the parsed answer, or undefined when it has an unknown shape. */
  ids(json: unknown): unknown[] | undefined;
}

/** OpenAI's (and Anthropic's) `{data: [{id}]}` from GET `${baseUrl}/models`. */
export const OPENAI_MODEL_LIST: ModelListShape = {
  request: (connection) => ({
    url: endpointUrl(connection.baseUrl, 'models'),
    headers: headersFor(connection.apiKey, 'application/json', false),
  }),
  ids: (json) => {
    const data = (json as { data?: unknown } | null)?.data;
    return Array.isArray(data) ? data.map((model: { id?: unknown } | null) => model?.id) : undefined;
  },
};

/**
 * The ids of the provider's models (by default GET `${baseUrl}/models`, OpenAI shape `{data: [{id}]}`),
 * without duplicates, sorted with numbers in order (`qwen3:8b` before `qwen3:14b`).
 */
export async function listModels(connection: ProviderConnection, shape: ModelListShape = OPENAI_MODEL_LIST): Promise<string[]> {
  const { signal } = connection;
  try {
    const { url, headers } = shape.request(connection);
    const response = await send(url, { method: 'GET', headers }, connection);
    const text = await readText(response, signal);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw unreadableModelList(error);
    }
    const found = shape.ids(json);
    if (found === undefined) throw unreadableModelList();
    const ids = found.filter((id): id is string => typeof id === 'string' && id !== '');
    return [...new Set(ids)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  } catch (error) {
    throw asProviderError(error, signal).finalize(connection.apiKey);
  }
}
