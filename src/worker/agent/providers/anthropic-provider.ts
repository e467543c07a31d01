/**
 * Anthropic's Messages API, streamed (POST `${baseUrl}/messages`, `stream: true`), from the app's
 * worker. A page calling Anthropic directly must say so with `anthropic-dangerous-direct-browser-access`;
 * the key goes in `x-api-key`, only to the address it was saved with (provider-settings.ts).
 */
import { AnthropicStreamAccumulator } from '../streams/anthropic-stream';
import { toAnthropicMessages, toAnthropicTools } from './anthropic-request';
import { endpointUrl } from './endpoint';
import type { ChatStreamState } from '../streams/chat-stream-state';
import { streamEvents, type ChatRequest, type ProviderConnection } from './provider';

export const ANTHROPIC_VERSION = '2023-06-01';
/** Anthropic requires `max_tokens`; this is used when the assistant sets none. */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 8192;

export function anthropicHeaders(apiKey: string | undefined, accept: string): Record<string, string> {
  const headers: Record<string, string> = {
    Accept: accept,
    'Content-Type': 'application/json',
    'anthropic-version': ANTHROPIC_VERSION,
    'anthropic-dangerous-direct-browser-access': 'true',
  };
  const key = apiKey?.trim();
  if (key) headers['x-api-key'] = key;
  return headers;
}

/** The request body, without `stream`. */
export function anthropicBody(request: ChatRequest): Record<string, unknown> {
  const { system, messages } = toAnthropicMessages(request.messages);
  const tools = toAnthropicTools(request.tools ?? []);
  return {
    model: request.model,
    max_tokens: request.maxTokens ?? DEFAULT_ANTHROPIC_MAX_TOKENS,
    ...(system ? { system } : {}),
    messages,
    ...(tools.length > 0 ? { tools } : {}),
    // Anthropic refuses a temperature other than 1 with thinking on.
    ...(request.temperature !== undefined && request.thinkingBudget === undefined ? { temperature: request.temperature } : {}),
    ...(request.thinkingBudget !== undefined ? { thinking: { type: 'enabled', budget_tokens: request.thinkingBudget } } : {}),
  };
}

/**
 * Streams an answer like `streamChat` does for OpenAI-compatible servers: snapshots of the whole
 * message, the final state returned, ProviderErrors with `partial` when the stream broke.
 */
export async function* streamAnthropic(request: ChatRequest): AsyncGenerator<ChatStreamState, ChatStreamState, undefined> {
  return yield* streamEvents(request, new AnthropicStreamAccumulator(), () => {
    const url = endpointUrl(request.baseUrl, 'messages');
    const body = JSON.stringify({ ...anthropicBody(request), stream: true });
    return { url, init: { method: 'POST', headers: anthropicHeaders(request.apiKey, 'text/event-stream'), body } };
  });
}

/** Model ids from GET `${baseUrl}/models` (Anthropic answers `{data: [{id}]}`, like OpenAI). */
export function anthropicModelsRequest(connection: ProviderConnection): { url: URL; headers: Record<string, string> } {
  return { url: endpointUrl(connection.baseUrl, 'models'), headers: anthropicHeaders(connection.apiKey, 'application/json') };
}
