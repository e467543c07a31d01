import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LastWordGate } from './mock-http';

/**
 * A local server speaking the OpenAI chat-completions protocol, streamed as server-sent events,
 * for the agent tests. What it answers depends on the last user message:
 * - "tool please": calls list_content (its deltas split across chunks), then answers from the result;
 * - "slow": 40 words, 150 ms apart;
 * - "fail 429" / "fail 500" / "fail stream": fails the first time it sees that message, then answers;
 * - anything else: reasoning, then "Hello from the mock model." a word at a time.
 * Only the key "good-key" is accepted. It listens on 127.0.0.1 only.
 */
export interface MockOpenAI {
  url: string;
  requests: { body: { messages: { role: string; content?: string }[]; tools?: unknown[] } }[];
  /** Holds the default answer before its last word until the returned function is called. */
  holdLastWord(): () => void;
  close(): Promise<void>;
}

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'authorization, content-type',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Expose-Headers': 'Retry-After',
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startMockOpenAI(): Promise<MockOpenAI> {
  const requests: MockOpenAI['requests'] = [];
  const failedOnce = new Set<string>();
  const gate = new LastWordGate();
  const server = createServer(
    (req, res) =>
      void handle(req, res).catch((error: unknown) => {
        console.error('mock-openai failed:', error);
        res.destroy();
      }),
  );

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'OPTIONS') return void res.writeHead(204, CORS).end();
    if (req.headers.authorization !== 'Bearer good-key') {
      return json(res, 401, { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error' } });
    }
    if (req.method === 'GET' && req.url === '/v1/models')
      return json(res, 200, { data: [{ id: 'mock-small' }, { id: 'mock-large' }] });
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return json(res, 404, { error: { message: 'Not found' } });

    const body = JSON.parse(await read(req));
    requests.push({ body });
    const userText = [...body.messages].reverse().find((m: { role: string }) => m.role === 'user')?.content ?? '';
    const afterTool = body.messages.at(-1)?.role === 'tool';

    for (const failure of ['fail 429', 'fail 500']) {
      if (userText.includes(failure) && !failedOnce.has(failure)) {
        failedOnce.add(failure);
        const status = Number(failure.slice(-3));
        res.writeHead(status, { ...CORS, 'Content-Type': 'application/json', ...(status === 429 ? { 'Retry-After': '7' } : {}) });
        return void res.end(
          JSON.stringify({ error: { message: status === 429 ? 'Rate limit reached.' : 'The server had an error.' } }),
        );
      }
    }

    res.writeHead(200, { ...CORS, 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    const send = (delta: object, finish: string | null = null) =>
      res.write(
        `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`,
      );

    if (String(body.messages[0]?.content).includes('title only')) {
      send({ role: 'assistant', content: 'Mock ' });
      send({ content: 'Title' }, 'stop');
      res.write('data: [DONE]\n\n');
      return void res.end();
    }
    if (userText.includes('fail stream') && !failedOnce.has('fail stream')) {
      failedOnce.add('fail stream');
      send({ role: 'assistant', content: 'Half an ans' });
      await sleep(50);
      res.write('data: {"choices": [ this is not json\n\n');
      return void res.end();
    }
    if (userText.includes('tool please') && !afterTool) {
      send({
        role: 'assistant',
        tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'list_content', arguments: '' } }],
      });
      for (const piece of ['{"off', 'set": 0, ', '"limit": 5}']) {
        await sleep(30);
        send({ tool_calls: [{ index: 0, function: { arguments: piece } }] });
      }
      send({}, 'tool_calls');
    } else if (userText.includes('tool please')) {
      const result = JSON.parse(body.messages.at(-1).content) as { items?: unknown[]; error?: string };
      const reply = result.items ? `You have ${result.items.length} documents.` : `The tool failed: ${result.error}`;
      for (const word of reply.split(/(?<= )/)) {
        send({ content: word });
        await sleep(30);
      }
      send({}, 'stop');
    } else if (userText.includes('slow')) {
      for (let i = 1; i <= 40; i++) {
        if (res.destroyed) return;
        send({ content: `word${i} ` });
        await sleep(150);
      }
      send({}, 'stop');
    } else {
      send({ role: 'assistant', reasoning_content: 'Thinking about ' });
      send({ reasoning_content: 'it.' });
      const words = ['Hello', ' from', ' the', ' mock', ' model.'];
      for (const [i, word] of words.entries()) {
        if (i === words.length - 1) await gate.passed();
        await sleep(300);
        send({ content: word });
      }
      send({}, 'stop');
    }
    res.write('data: [DONE]\n\n');
    res.end();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    holdLastWord: () => gate.hold(),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function json(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { ...CORS, 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}
