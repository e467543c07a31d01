/**
 * Google's Gemini API, streamed: POST `${baseUrl}/models/${model}:streamGenerateContent?alt=sse`
 * with the key in the `x-goog-api-key` header (never in the URL, where logs would keep it).
 */
import { endpointUrl } from './endpoint';
import { GeminiStreamAccumulator } from '../streams/gemini-stream';
import { toGeminiContents, toGeminiTools } from './gemini-request';
import type { ChatStreamState } from '../streams/chat-stream-state';
import { streamEvents, type ChatRequest, type ProviderConnection } from './provider';

export function geminiHeaders(apiKey: string | undefined, accept: string): Record<string, string> {
  const headers: Record<string, string> = { Accept: accept, 'Content-Type': 'application/json' };
  const key = apiKey?.trim();
  if (key) headers['x-goog-api-key'] = key;
  return headers;
}

export function geminiBody(request: ChatRequest): Record<string, unknown> {
  const { systemInstruction, contents } = toGeminiContents(request.messages);
  const tools = toGeminiTools(request.tools ?? []);
  const generationConfig = {
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.maxTokens !== undefined ? { maxOutputTokens: request.maxTokens } : {}),
  };
  return {
    contents,
    ...(systemInstruction ? { systemInstruction } : {}),
    ...(tools.length > 0 ? { tools } : {}),
    ...(Object.keys(generationConfig).length > 0 ? { generationConfig } : {}),
  };
}

/** `models/gemini-2.5-flash` and `gemini-2.5-flash` both name the model. */
export function geminiModelPath(model: string): string {
  return `models/${encodeURIComponent(model.trim().replace(/^models\//, ''))}`;
}

export async function* streamGemini(request: ChatRequest): AsyncGenerator<ChatStreamState, ChatStreamState, undefined> {
  return yield* streamEvents(request, new GeminiStreamAccumulator(), () => {
    const url = endpointUrl(request.baseUrl, `${geminiModelPath(request.model)}:streamGenerateContent`);
    url.searchParams.set('alt', 'sse');
    return {
      url,
      init: {
        method: 'POST',
        headers: geminiHeaders(request.apiKey, 'text/event-stream'),
        body: JSON.stringify(geminiBody(request)),
      },
    };
  });
}

/** GET `${baseUrl}/models` answers `{models: [{name: "models/…"}]}`. */
export function geminiModelsRequest(connection: ProviderConnection): { url: URL; headers: Record<string, string> } {
  return { url: endpointUrl(connection.baseUrl, 'models'), headers: geminiHeaders(connection.apiKey, 'application/json') };
}
