import type { IncomingMessage, ServerResponse } from 'node:http';
import { corsHeaders, LastWordGate, listen, read, sleep } from './mock-http';

/**
 * A local server speaking Gemini's API: streamGenerateContent?alt=sse sends one
 * GenerateContentResponse per event, with no end marker. What it answers depends on the last user text:
 * - "tool please": a functionCall of list_content (with a thoughtSignature); after the
 *   functionResponse, "You have N documents.";
 * - "fail 429": HTTP 429 with Gemini's error body, the first time;
 * - "stream error": half an answer, then `{"error": {...}}` in the stream, the first time;
 * - anything else: a thought part, then "Hello from Gemini." a word at a time.
 * Only the key "good-key" (header x-goog-api-key) is accepted.
 */
export interface GeminiRequestBody {
  contents: { role: string; parts: Record<string, unknown>[] }[];
  systemInstruction?: { parts: { text: string }[] };
  tools?: { functionDeclarations: { name: string; parameters: object }[] }[];
}

export interface MockGemini {
  url: string;
  requests: { url: string; body: GeminiRequestBody }[];
  /** Holds the default answer before its last word until the returned function is called. */
  holdLastWord(): () => void;
  close(): Promise<void>;
}

const CORS = corsHeaders('content-type, x-goog-api-key');

export async function startMockGemini(): Promise<MockGemini> {
  const requests: MockGemini['requests'] = [];
  const gate = new LastWordGate();
  const failedOnce = new Set<string>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'OPTIONS') return void res.writeHead(204, CORS).end();
    const error = (code: number, status: string, message: string) => {
      res.writeHead(code, { ...CORS, 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { code, message, status } }));
    };
    if (req.headers['x-goog-api-key'] !== 'good-key') {
      return error(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.');
    }
    if (req.method === 'GET' && req.url === '/v1beta/models') {
      res.writeHead(200, { ...CORS, 'Content-Type': 'application/json' });
      return void res.end(JSON.stringify({ models: [{ name: 'models/gemini-mock' }, { name: 'models/gemini-mock-pro' }] }));
    }
    const match = /^\/v1beta\/models\/([^/:]+):streamGenerateContent\?alt=sse$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) return error(404, 'NOT_FOUND', `Not found: ${req.url}`);
    const body = JSON.parse(await read(req)) as GeminiRequestBody;
    requests.push({ url: req.url ?? '', body });
    const userTexts = body.contents.filter((c) => c.role === 'user').flatMap((c) => c.parts.map((p) => p.text).filter(Boolean));
    const text = String(userTexts.at(-1) ?? '');
    const response = body.contents.at(-1)?.parts.find((part) => part.functionResponse)?.functionResponse as
      { name: string; response: { items?: unknown[] } } | undefined;

    if (text.includes('fail 429') && !failedOnce.has('fail 429')) {
      failedOnce.add('fail 429');
      return error(429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).');
    }
    res.writeHead(200, { ...CORS, 'Content-Type': 'text/event-stream' });
    const chunk = (parts: object[], finishReason?: string) =>
      res.write(
        `data: ${JSON.stringify({
          candidates: [{ content: { role: 'model', parts }, ...(finishReason ? { finishReason } : {}), index: 0 }],
          usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 },
          modelVersion: match[1],
        })}\r\n\r\n`,
      );
    const words = async (list: string[], pause: number, held = false) => {
      for (const [i, word] of list.entries()) {
        if (held && i === list.length - 1) await gate.passed();
        chunk([{ text: word }], i === list.length - 1 ? 'STOP' : undefined);
        await sleep(pause);
      }
    };

    if (String(body.systemInstruction?.parts[0]?.text).includes('title only')) {
      await words(['Gemini ', 'Title'], 0);
      return void res.end();
    }
    if (text.includes('stream error') && !failedOnce.has('stream error')) {
      failedOnce.add('stream error');
      chunk([{ text: 'Half an ans' }]);
      await sleep(50);
      res.write(
        `data: ${JSON.stringify({ error: { code: 500, message: 'Internal error encountered.', status: 'INTERNAL' } })}\r\n\r\n`,
      );
      return void res.end();
    }
    if (text.includes('tool please') && !response) {
      chunk([{ functionCall: { name: 'list_content', args: { offset: 0, limit: 5 } }, thoughtSignature: 'gsig-1' }], 'STOP');
      return void res.end();
    }
    if (text.includes('tool please')) {
      await words([`You have ${response?.response.items?.length ?? 0} documents.`], 0);
      return void res.end();
    }
    chunk([{ text: 'Pondering ', thought: true }]);
    chunk([{ text: 'the greeting.', thought: true }]);
    await words(['Hello', ' from', ' Gemini.'], 300, true);
    res.end();
  }

  const server = await listen(handle, 'mock-gemini');
  return { url: `${server.origin}/v1beta`, requests, holdLastWord: () => gate.hold(), close: server.close };
}
