import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatStreamState } from '../streams/chat-stream-state';
import { listModels, streamChat, type ChatRequest } from './provider';
import { ProviderError } from './provider-errors';
import {
  chunk,
  closedPort,
  sleep,
  sseBody,
  startTestServer,
  type Handler,
  type TestServer,
} from '../../../../test-support/stream-server';
import { toolsFor } from '../tools';

const KEY = 'sk-test-0123456789abcdef';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(handler: Handler): Promise<TestServer> {
  server = await startTestServer(handler);
  return server;
}

function request(baseUrl: string, extra: Partial<ChatRequest> = {}): ChatRequest {
  return { baseUrl, model: 'qwen3:8b', messages: [{ role: 'user', content: 'Hi' }], ...extra };
}

function startSse(response: ServerResponse): void {
  response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
  response.flushHeaders();
}

/** Writes the events one by one, letting each reach the client separately. */
async function writeSlowly(response: ServerResponse, body: string): Promise<void> {
  for (const event of body.split(/(?<=\n\n)/)) {
    response.write(event);
    await sleep(5);
  }
}

/** Runs the stream to the end; returns the snapshots and the final state, or the ProviderError. */
async function drain(
  chat: ChatRequest,
): Promise<{ snapshots: ChatStreamState[]; final?: ChatStreamState; error?: ProviderError }> {
  const snapshots: ChatStreamState[] = [];
  try {
    for await (const state of streamChat(chat)) snapshots.push(state);
    // streamChat yields at least once, and its final state last.
    return { snapshots, final: snapshots.at(-1) };
  } catch (error) {
    if (error instanceof ProviderError) return { snapshots, error };
    throw error;
  }
}

async function failure(chat: ChatRequest): Promise<ProviderError> {
  const { error } = await drain(chat);
  if (!error) throw new Error('the request succeeded');
  return error;
}

function jsonError(status: number, body: unknown, headers: Record<string, string> = {}): Handler {
  return (_request, response) => {
    response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  };
}

describe('streamChat', { timeout: 5_000 }, () => {
  it('POSTs an OpenAI streaming request and yields growing snapshots', async () => {
    const { baseUrl, requests } = await serve(async (_request, response) => {
      startSse(response);
      await writeSlowly(
        response,
        sseBody([chunk({ role: 'assistant', content: '' }), chunk({ content: 'Hel' }), chunk({ content: 'lo' }, 'stop')]),
      );
      response.end();
    });
    const tools = toolsFor(['read_content']);
    const { snapshots, final } = await drain(request(`${baseUrl}/`, { apiKey: KEY, tools, temperature: 0.2 }));
    expect(snapshots.map((state) => state.content)).toEqual(['Hel', 'Hello', 'Hello']);
    expect(final).toEqual({ content: 'Hello', thinking: '', toolCalls: [], finishReason: 'stop', usage: null, done: true });
    expect(snapshots.at(-1)).toEqual(final);
    const [sent] = requests;
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent.headers['content-type']).toBe('application/json');
    expect(JSON.parse(sent.body)).toEqual({
      model: 'qwen3:8b',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      tools,
      temperature: 0.2,
    });
  });

  it('sends no Authorization header without a key, and no empty tools list', async () => {
    const { baseUrl, requests } = await serve((_request, response) => {
      startSse(response);
      response.end(sseBody([chunk({ content: 'ok' }, 'stop')]));
    });
    expect((await drain(request(baseUrl, { apiKey: '  ', tools: [] }))).error).toBeUndefined();
    expect(requests[0].headers.authorization).toBeUndefined();
    expect(JSON.parse(requests[0].body)).toEqual({
      model: 'qwen3:8b',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    });
  });

  it('never follows a redirect, so the key never reaches the address it points to', async () => {
    const elsewhere = await startTestServer((_request, response) => {
      startSse(response);
      response.end(sseBody([chunk({ content: 'stolen' }, 'stop')]));
    });
    try {
      const { baseUrl } = await serve((_request, response) => {
        response.writeHead(307, { Location: `${elsewhere.baseUrl}/chat/completions` });
        response.end();
      });
      const { error } = await drain(request(baseUrl, { apiKey: KEY }));
      expect(error?.code).toBe('ProviderBadAddress');
      expect(error?.message).toContain(`a redirect to ${elsewhere.baseUrl}/chat/completions`);
      expect(error?.message).not.toContain(KEY);
      expect(elsewhere.requests).toHaveLength(0);
    } finally {
      await elsewhere.close();
    }
  });

  it('streams two parallel tool calls whose arguments arrive in pieces over the network', async () => {
    const { baseUrl } = await serve(async (_request, response) => {
      startSse(response);
      await writeSlowly(
        response,
        sseBody([
          chunk({
            role: 'assistant',
            tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'keyword_search', arguments: '' } }],
          }),
          chunk({ tool_calls: [{ index: 0, function: { arguments: '{"query": "inv' } }] }),
          chunk({
            tool_calls: [{ index: 1, id: 'call_2', type: 'function', function: { name: 'list_content', arguments: '{"lim' } }],
          }),
          chunk({ tool_calls: [{ index: 0, function: { arguments: 'oice"}' } }] }),
          chunk({ tool_calls: [{ index: 1, function: { arguments: 'it": 5}' } }] }),
          chunk({}, 'tool_calls'),
        ]),
      );
      response.end();
    });
    const { final } = await drain(request(baseUrl));
    expect(final?.finishReason).toBe('tool_calls');
    expect(final?.toolCalls).toEqual([
      { id: 'call_1', type: 'function', function: { name: 'keyword_search', arguments: '{"query": "invoice"}' } },
      { id: 'call_2', type: 'function', function: { name: 'list_content', arguments: '{"limit": 5}' } },
    ]);
  });

  it('splits reasoning and <think> blocks from the answer', async () => {
    const { baseUrl } = await serve((_request, response) => {
      startSse(response);
      // Written as one piece cut in the middle of a tag and of a multi-byte character.
      const body = Buffer.from(
        sseBody([chunk({ reasoning: 'R. ' }), chunk({ content: '<think>T.</th' }), chunk({ content: 'ink>\n\nRésumé' }, 'stop')]),
      );
      const cut = body.indexOf('é') + 1;
      response.write(body.subarray(0, cut));
      setTimeout(() => response.end(body.subarray(cut)), 10);
    });
    const { final } = await drain(request(baseUrl));
    expect(final).toMatchObject({ thinking: 'R. T.', content: 'Résumé' });
  });

  it('accepts a stream that ends with a finish reason but without [DONE]', async () => {
    const { baseUrl } = await serve((_request, response) => {
      startSse(response);
      response.end(sseBody([chunk({ content: 'a <' }, 'stop')], false));
    });
    const { snapshots, final } = await drain(request(baseUrl));
    expect(final).toMatchObject({ content: 'a <', finishReason: 'stop', done: false });
    // The text held back as a possible tag is released in a last snapshot.
    expect(snapshots.at(-1)).toEqual(final);
  });

  it('accepts a server that ignores stream: true and sends one JSON completion', async () => {
    const { baseUrl } = await serve(
      jsonError(200, { choices: [{ index: 0, message: { role: 'assistant', content: 'Whole' }, finish_reason: 'stop' }] }),
    );
    const { snapshots, final } = await drain(request(baseUrl));
    expect(final).toMatchObject({ content: 'Whole', finishReason: 'stop' });
    expect(snapshots).toEqual([final]);
  });

  it('closes the connection when the consumer stops early', async () => {
    let closed!: () => void;
    const connectionClosed = new Promise<void>((resolve) => (closed = resolve));
    const { baseUrl } = await serve((_request, response) => {
      startSse(response);
      response.on('close', closed);
      response.write(sseBody([chunk({ content: 'first' })], false));
    });
    for await (const state of streamChat(request(baseUrl))) {
      expect(state.content).toBe('first');
      break;
    }
    await connectionClosed;
  });

  describe('errors', () => {
    it('401 with a JSON body: unauthorized, without the key in the message', async () => {
      const { baseUrl } = await serve(
        jsonError(401, {
          error: { message: `Incorrect API key provided: ${KEY}.`, type: 'invalid_request_error', code: 'invalid_api_key' },
        }),
      );
      const error = await failure(request(baseUrl, { apiKey: KEY }));
      expect(error).toMatchObject({ kind: 'unauthorized', status: 401, partial: undefined });
      expect(error.message).toBe('The provider rejected the API key (401). Check the key in Settings.');
      expect(JSON.stringify({ ...error, message: error.message })).not.toContain(KEY);
      expect(error.retryable).toBe(false);
    });

    it('never leaves a piece of the key in a shortened provider message', async () => {
      const { baseUrl } = await serve(jsonError(500, { error: { message: `${'x'.repeat(290)} ${KEY}` } }));
      const error = await failure(request(baseUrl, { apiKey: KEY }));
      expect(error.providerMessage).toMatch(/x \[API key\]$/);
      expect(error.message).not.toContain(KEY.slice(0, 8));
    });

    it('401 without a key asks for one; 403 quotes the provider, key redacted', async () => {
      server = await startTestServer(jsonError(401, { error: 'unauthorized' }));
      expect((await failure(request(server.baseUrl))).message).toBe('The provider needs an API key (401). Add one in Settings.');
      await server.close();
      server = await startTestServer(jsonError(403, { error: { message: `Key ${KEY} may not use qwen3:8b` } }));
      const error = await failure(request(server.baseUrl, { apiKey: KEY }));
      expect(error.kind).toBe('unauthorized');
      expect(error.message).toContain('The provider said: "Key [API key] may not use qwen3:8b"');
      expect(error.message).not.toContain(KEY);
    });

    it('429 with Retry-After in seconds', async () => {
      const { baseUrl } = await serve(jsonError(429, { error: { message: 'Slow down.' } }, { 'Retry-After': '20' }));
      const error = await failure(request(baseUrl));
      expect(error).toMatchObject({ kind: 'rate-limited', status: 429, retryAfterMs: 20_000 });
      expect(error.message).toBe('Too many requests (429): try again in 20 s. The provider said: "Slow down."');
      expect(error.retryable).toBe(true);
    });

    it('429 with Retry-After as an HTTP date', async () => {
      const { baseUrl } = await serve((_request, response) => {
        jsonError(429, {}, { 'Retry-After': new Date(Date.now() + 90_000).toUTCString() })(_request, response, '');
      });
      const error = await failure(request(baseUrl));
      expect(error.kind).toBe('rate-limited');
      expect(error.retryAfterMs).toBeGreaterThan(85_000);
      expect(error.retryAfterMs).toBeLessThanOrEqual(90_000);
      expect(error.message).toMatch(/^Too many requests \(429\): try again in (8\d|90) s\.$/);
    });

    it('429 without Retry-After reads the wait from the message, or just asks to wait', async () => {
      server = await startTestServer(jsonError(429, { error: { message: 'Rate limit reached. Please try again in 1.5s.' } }));
      expect((await failure(request(server.baseUrl))).retryAfterMs).toBe(1500);
      await server.close();
      server = await startTestServer(jsonError(429, {}));
      const error = await failure(request(server.baseUrl));
      expect(error.retryAfterMs).toBeUndefined();
      expect(error.message).toBe('Too many requests (429): wait a moment and try again.');
    });

    it('500: server, with the provider message', async () => {
      const { baseUrl } = await serve(jsonError(500, { error: 'model requires more system memory (9.2 GiB) than is available' }));
      const error = await failure(request(baseUrl));
      expect(error).toMatchObject({ kind: 'server', status: 500 });
      expect(error.message).toBe(
        'The provider failed to answer (500). Try again in a moment. The provider said: "model requires more system memory (9.2 GiB) than is available"',
      );
    });

    it.each([400, 404, 422])('%i: bad-request with the provider message', async (status) => {
      const { baseUrl } = await serve(jsonError(status, { error: { message: 'model "nope" not found, try pulling it first' } }));
      const error = await failure(request(baseUrl));
      expect(error).toMatchObject({
        kind: 'bad-request',
        status,
        providerMessage: 'model "nope" not found, try pulling it first',
      });
      expect(error.message).toContain(`(${status})`);
      expect(error.message).toContain('The provider said: "model "nope" not found, try pulling it first"');
    });

    it('a web page instead of a stream: malformed-stream', async () => {
      const { baseUrl } = await serve((_request, response) => {
        response.writeHead(200, { 'Content-Type': 'text/html' });
        response.end('<!doctype html><title>Router login</title>');
      });
      const error = await failure(request(baseUrl));
      expect(error.kind).toBe('malformed-stream');
      expect(error.message).toContain('did not answer with a stream of events (it sent a web page)');
    });

    it('plain text that is not SSE: malformed-stream', async () => {
      const { baseUrl } = await serve((_request, response) => {
        response.writeHead(200, { 'Content-Type': 'text/plain' });
        response.end('Ollama is running');
      });
      const error = await failure(request(baseUrl));
      expect(error.kind).toBe('malformed-stream');
      expect(error.message).toContain('(it sent no events)');
    });

    it('invalid JSON mid-stream: malformed-stream, keeping what arrived', async () => {
      const { baseUrl } = await serve(async (_request, response) => {
        startSse(response);
        await writeSlowly(response, sseBody([chunk({ content: 'Part' })], false) + 'data: {"choices": [{"delta": \n\n');
        response.end(sseBody([chunk({ content: 'never read' })]));
      });
      const { snapshots, error } = await drain(request(baseUrl));
      expect(snapshots.map((state) => state.content)).toEqual(['Part']);
      expect(error?.kind).toBe('malformed-stream');
      expect(error?.message).toContain('not valid JSON');
      expect(error?.partial?.content).toBe('Part');
    });

    it('a stream that ends without [DONE] or a finish reason: malformed-stream', async () => {
      const { baseUrl } = await serve((_request, response) => {
        startSse(response);
        response.end(sseBody([chunk({ content: 'Half an ans' })], false));
      });
      const error = await failure(request(baseUrl));
      expect(error.kind).toBe('malformed-stream');
      expect(error.message).toBe('The provider’s answer stopped before it was complete. Try again.');
      expect(error.partial?.content).toBe('Half an ans');
    });

    it('an error object inside the stream', async () => {
      const { baseUrl } = await serve(async (_request, response) => {
        startSse(response);
        await writeSlowly(
          response,
          sseBody([chunk({ content: 'x' }), { error: { message: 'upstream timed out', code: 504 } }], false),
        );
        response.end();
      });
      const error = await failure(request(baseUrl));
      expect(error).toMatchObject({ kind: 'server', status: 504, providerMessage: 'upstream timed out' });
      expect(error.partial?.content).toBe('x');
    });

    it('an `event: error` inside the stream', async () => {
      const { baseUrl } = await serve((_request, response) => {
        startSse(response);
        response.end('event: error\ndata: {"error": {"message": "Rate limit", "type": "rate_limit_exceeded"}}\n\n');
      });
      expect((await failure(request(baseUrl))).kind).toBe('rate-limited');
    });

    it('connection dropped mid-stream: network, keeping what arrived', async () => {
      const { baseUrl } = await serve(async (_request, response) => {
        startSse(response);
        await writeSlowly(response, sseBody([chunk({ content: 'Before the drop' })], false));
        response.socket?.destroy();
      });
      const { snapshots, error } = await drain(request(baseUrl));
      expect(snapshots.map((state) => state.content)).toEqual(['Before the drop']);
      expect(error?.kind).toBe('network');
      expect(error?.message).toBe('The connection to the provider was lost while it was answering. Try again.');
      expect(error?.partial?.content).toBe('Before the drop');
    });

    it('a connection dropped after the finish reason loses nothing', async () => {
      const { baseUrl } = await serve(async (_request, response) => {
        startSse(response);
        await writeSlowly(response, sseBody([chunk({ content: 'All' }, 'stop')], false));
        response.socket?.destroy();
      });
      expect((await drain(request(baseUrl))).final).toMatchObject({ content: 'All', finishReason: 'stop' });
    });

    it('abort mid-stream: aborted, keeping what arrived', async () => {
      const { baseUrl } = await serve((_request, response) => {
        startSse(response);
        // Sends one chunk, then keeps the connection open as a slow model would.
        response.write(sseBody([chunk({ content: 'Thinking about it' })], false));
      });
      const controller = new AbortController();
      const snapshots: ChatStreamState[] = [];
      let caught: unknown;
      try {
        for await (const state of streamChat(request(baseUrl, { signal: controller.signal }))) {
          snapshots.push(state);
          controller.abort();
        }
      } catch (error) {
        caught = error;
      }
      expect(snapshots.map((state) => state.content)).toEqual(['Thinking about it']);
      expect(caught).toBeInstanceOf(ProviderError);
      expect(caught).toMatchObject({ kind: 'aborted', message: 'The request was stopped.' });
      expect((caught as ProviderError).partial?.content).toBe('Thinking about it');
    });

    it('abort before the request: aborted, nothing sent', async () => {
      const { baseUrl, requests } = await serve(jsonError(500, {}));
      const controller = new AbortController();
      controller.abort();
      const error = await failure(request(baseUrl, { signal: controller.signal }));
      expect(error.kind).toBe('aborted');
      expect(requests).toHaveLength(0);
    });

    it('unreachable port: network, mentioning CORS', async () => {
      const port = await closedPort();
      const error = await failure(request(`http://127.0.0.1:${port}/v1`));
      expect(error.kind).toBe('network');
      expect(error.message).toContain(`Could not reach the provider at http://127.0.0.1:${port}.`);
      expect(error.message).toContain('CORS');
      expect(error.partial).toBeUndefined();
    });

    it.each(['', 'localhost:11434/v1', 'ftp://host/v1', `https://${KEY}@`])(
      'invalid base URL %j: bad-request',
      async (baseUrl) => {
        const error = await failure(request(baseUrl));
        expect(error.kind).toBe('bad-request');
        expect(error.message).not.toContain(KEY);
      },
    );
  });
});

describe('listModels', { timeout: 5_000 }, () => {
  it('GETs /models and returns the ids, sorted and without duplicates', async () => {
    const { baseUrl, requests } = await serve(
      jsonError(200, {
        object: 'list',
        data: [{ id: 'qwen3:14b' }, { id: 'llama3.2:latest' }, { id: 'qwen3:8b' }, { id: 'qwen3:8b' }, { name: 'no id' }],
      }),
    );
    expect(await listModels({ baseUrl, apiKey: KEY })).toEqual(['llama3.2:latest', 'qwen3:8b', 'qwen3:14b']);
    expect(requests[0]).toMatchObject({ method: 'GET', url: '/v1/models' });
    expect(requests[0].headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('fails with the same kinds as chat', async () => {
    server = await startTestServer(jsonError(401, { error: { message: 'bad key' } }));
    await expect(listModels({ baseUrl: server.baseUrl, apiKey: KEY })).rejects.toMatchObject({ kind: 'unauthorized' });
    await server.close();
    server = await startTestServer(jsonError(200, { models: [{ name: 'llama3' }] }));
    await expect(listModels({ baseUrl: server.baseUrl })).rejects.toMatchObject({
      kind: 'malformed-stream',
      message: expect.stringContaining('not in the OpenAI format'),
    });
    const port = await closedPort();
    await expect(listModels({ baseUrl: `http://127.0.0.1:${port}/v1` })).rejects.toMatchObject({ kind: 'network' });
  });

  it('can be aborted', async () => {
    const { baseUrl } = await serve(() => {
      // Never answers.
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    await expect(listModels({ baseUrl, signal: controller.signal })).rejects.toMatchObject({ kind: 'aborted' });
  });
});
