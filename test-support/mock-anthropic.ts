import type { IncomingMessage, ServerResponse } from 'node:http';
import { corsHeaders, LastWordGate, listen, read, sleep } from './mock-http';

/**
 * A local server speaking Anthropic's Messages API, streamed as Anthropic streams it
 * (message_start, content_block_start/delta/stop, message_delta, message_stop, ping). What it
 * answers depends on the last user text:
 * - "tool please": a signed thinking block, then a list_content tool_use whose input arrives in
 *   three input_json_delta pieces; after the result, "You have N documents.";
 * - "call NAME {json}": a tool_use of that tool with that input; after the result, "Tool said: …";
 *   but when the result itself holds a line "call NAME {json}" (a document telling the model what to
 *   do: a prompt injection), it obeys it first, as a gullible model would;
 * - "keep calling tools": five list_content calls in every turn, never an answer;
 * - "slow": 40 words, 150 ms apart;
 * - "overloaded": HTTP 529 with Anthropic's error body, the first time;
 * - "stream error": half an answer, then an `error` event (overloaded_error), the first time;
 * - anything else: a signed thinking block, then "Hello from Claude." a word at a time.
 * Only the key "good-key" is accepted, and only with the direct-browser-access header.
 */
export interface MockAnthropic {
  url: string;
  requests: { headers: IncomingMessage['headers']; body: AnthropicRequestBody }[];
  /** Holds the default answer before its last word until the returned function is called. */
  holdLastWord(): () => void;
  close(): Promise<void>;
}

export interface AnthropicRequestBody {
  model: string;
  max_tokens: number;
  system?: string;
  messages: { role: string; content: string | { type: string; [key: string]: unknown }[] }[];
  tools?: { name: string; description: string; input_schema: object }[];
  stream: boolean;
}

const CORS = corsHeaders('content-type, x-api-key, anthropic-version, anthropic-dangerous-direct-browser-access');

function lastUserText(body: AnthropicRequestBody): string {
  for (const message of [...body.messages].reverse()) {
    if (message.role !== 'user') continue;
    if (typeof message.content === 'string') return message.content;
    const text = message.content.find((block) => block.type === 'text');
    if (text) return String(text.text);
  }
  return '';
}

/** A tool result as the model reads it: the `text` of a read_content result, else the result as sent. */
function toolResultText(content: unknown): string {
  const raw = typeof content === 'string' ? content : JSON.stringify(content);
  try {
    const parsed = JSON.parse(raw) as { text?: unknown };
    return typeof parsed?.text === 'string' ? parsed.text : raw;
  } catch {
    return raw;
  }
}

export async function startMockAnthropic(): Promise<MockAnthropic> {
  const requests: MockAnthropic['requests'] = [];
  const gate = new LastWordGate();
  const failedOnce = new Set<string>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'OPTIONS') return void res.writeHead(204, CORS).end();
    const error = (status: number, type: string, message: string) => {
      res.writeHead(status, { ...CORS, 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ type: 'error', error: { type, message } }));
    };
    if (req.headers['x-api-key'] !== 'good-key') return error(401, 'authentication_error', 'invalid x-api-key');
    if (req.headers['anthropic-version'] !== '2023-06-01')
      return error(400, 'invalid_request_error', 'anthropic-version missing');
    if (req.headers['anthropic-dangerous-direct-browser-access'] !== 'true') {
      return error(401, 'authentication_error', 'CORS requests must set the anthropic-dangerous-direct-browser-access header');
    }
    if (req.method === 'GET' && req.url === '/v1/models') {
      res.writeHead(200, { ...CORS, 'Content-Type': 'application/json' });
      return void res.end(
        JSON.stringify({
          data: [
            { id: 'claude-mock-1', type: 'model' },
            { id: 'claude-mock-2', type: 'model' },
          ],
        }),
      );
    }
    if (req.method !== 'POST' || req.url !== '/v1/messages') return error(404, 'not_found_error', 'Not found');
    const body = JSON.parse(await read(req)) as AnthropicRequestBody;
    requests.push({ headers: req.headers, body });
    const text = lastUserText(body);
    const last = body.messages.at(-1);
    const toolResult = Array.isArray(last?.content) ? last.content.find((block) => block.type === 'tool_result') : undefined;

    if (text.includes('overloaded') && !failedOnce.has('overloaded')) {
      failedOnce.add('overloaded');
      return error(529, 'overloaded_error', 'Overloaded');
    }

    res.writeHead(200, { ...CORS, 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    const event = (type: string, data: object) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
    event('message_start', {
      message: {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        content: [],
        model: body.model,
        usage: { input_tokens: 12, output_tokens: 1 },
      },
    });
    event('ping', {});
    let index = 0;
    const thinkingBlock = async (thinking: string[], signature: string) => {
      event('content_block_start', { index, content_block: { type: 'thinking', thinking: '', signature: '' } });
      for (const piece of thinking) event('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: piece } });
      event('content_block_delta', { index, delta: { type: 'signature_delta', signature } });
      event('content_block_stop', { index });
      index++;
    };
    const textBlock = async (words: string[], pause: number, held = false) => {
      event('content_block_start', { index, content_block: { type: 'text', text: '' } });
      for (const [i, word] of words.entries()) {
        if (held && i === words.length - 1) await gate.passed();
        if (res.destroyed) return;
        event('content_block_delta', { index, delta: { type: 'text_delta', text: word } });
        await sleep(pause);
      }
      event('content_block_stop', { index });
      index++;
    };
    const toolBlock = async (id: string, name: string, pieces: string[]) => {
      event('content_block_start', { index, content_block: { type: 'tool_use', id, name, input: {} } });
      for (const piece of pieces) {
        await sleep(30);
        event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: piece } });
      }
      event('content_block_stop', { index });
      index++;
    };
    const end = (reason: string) => {
      event('message_delta', { delta: { stop_reason: reason, stop_sequence: null }, usage: { output_tokens: 20 } });
      event('message_stop', {});
      res.end();
    };

    if (String(body.system ?? '').includes('title only')) {
      await textBlock(['Claude ', 'Title'], 0);
      return end('end_turn');
    }
    if (text.includes('stream error') && !failedOnce.has('stream error')) {
      failedOnce.add('stream error');
      await textBlock(['Half an ', 'ans'], 30);
      event('error', { error: { type: 'overloaded_error', message: 'Overloaded' } });
      return void res.end();
    }
    const resultText = toolResult ? toolResultText(toolResult.content) : '';
    const injected = /^call (\S+) (\{.*\})$/m.exec(resultText);
    if (injected && !String(toolResult?.tool_use_id).startsWith('toolu_injected')) {
      await toolBlock(`toolu_injected_${requests.length}`, injected[1], [injected[2]]);
      return end('tool_use');
    }
    if (text.includes('keep calling tools')) {
      for (let call = 0; call < 5; call++) await toolBlock(`toolu_loop_${requests.length}_${call}`, 'list_content', ['{}']);
      return end('tool_use');
    }
    const call = /^call (\S+) (\{.*\})$/.exec(text.trim());
    if (call && !toolResult) {
      await toolBlock('toolu_call', call[1], [call[2].slice(0, 3), call[2].slice(3)]);
      return end('tool_use');
    }
    if (call && toolResult) {
      const content = typeof toolResult.content === 'string' ? toolResult.content : JSON.stringify(toolResult.content);
      await textBlock([`Tool said: ${content}`], 0);
      return end('end_turn');
    }
    if (text.includes('tool please') && !toolResult) {
      await thinkingBlock(['I should list ', 'the documents.'], 'sig-tool-123');
      await toolBlock('toolu_1', 'list_content', ['{"off', 'set": 0, ', '"limit": 5}']);
      return end('tool_use');
    }
    if (text.includes('tool please')) {
      const result = JSON.parse(String(toolResult?.content)) as { items?: unknown[]; error?: string };
      await textBlock([`You have ${result.items?.length ?? 0} documents.`], 0);
      return end('end_turn');
    }
    if (text.includes('slow')) {
      await textBlock(
        Array.from({ length: 40 }, (_, i) => `word${i + 1} `),
        150,
      );
      return end('end_turn');
    }
    await thinkingBlock(['Thinking about ', 'it.'], 'sig-hello-456');
    await textBlock(['Hello', ' from', ' Claude.'], 300, true);
    end('end_turn');
  }

  const server = await listen(handle, 'mock-anthropic');
  return { url: `${server.origin}/v1`, requests, holdLastWord: () => gate.hold(), close: server.close };
}
