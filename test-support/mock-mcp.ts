import type { IncomingMessage, ServerResponse } from 'node:http';
import { corsHeaders, listen, read } from './mock-http';

/**
 * A local MCP server on the Streamable HTTP transport (JSON-RPC over POST; answers as JSON, or as
 * an SSE stream for tool calls; GET is 405 as the spec allows). Its tools:
 * - `echo` {text}: answers "echo: TEXT";
 * - `explode`: a tool error (`isError: true`, "database exploded");
 * - `sleep`: never answers (a call must be ended by the client's timeout);
 * - `delete_all`: answers "deleted everything"; the one tool not marked `readOnlyHint: true`.
 * `/mcp` needs the header `x-test-token: secret`; `/hang` never answers anything at all.
 * `/endless` is the same server whose tool list never ends: every page holds one tool and a cursor
 * to the next, answered after `?delay=` ms (`&cursor=same` repeats one cursor instead).
 */
export interface MockMcp {
  url: string;
  hangUrl: string;
  /** The server whose tool list pages forever (see above). */
  endlessUrl(options?: { delayMs?: number; sameCursor?: boolean }): string;
  /** tools/list requests answered by `/endless`. */
  endlessPages: number;
  calls: { name: string; arguments: unknown }[];
  /** Session ids the client ended with DELETE. */
  closedSessions: string[];
  close(): Promise<void>;
}

const CORS = corsHeaders(
  'content-type, accept, authorization, mcp-session-id, mcp-protocol-version, last-event-id, x-test-token',
);

const READ_ONLY = { readOnlyHint: true };

const TOOLS = [
  {
    name: 'echo',
    description: 'Echo the text back.',
    inputSchema: { type: 'object', properties: { text: { type: 'string', description: 'What to echo.' } }, required: ['text'] },
    annotations: READ_ONLY,
  },
  { name: 'explode', description: 'Always fails.', inputSchema: { type: 'object', properties: {} }, annotations: READ_ONLY },
  { name: 'sleep', description: 'Never answers.', inputSchema: { type: 'object', properties: {} }, annotations: READ_ONLY },
  {
    name: 'delete_all',
    description: 'Deletes every file of the server.',
    inputSchema: { type: 'object', properties: { confirm: { type: 'boolean' } } },
    annotations: { destructiveHint: true },
  },
];

interface RpcRequest {
  jsonrpc: '2.0';
  id?: number | string;
  method: string;
  params?: Record<string, unknown>;
}

export async function startMockMcp(): Promise<MockMcp> {
  const calls: MockMcp['calls'] = [];
  const closedSessions: string[] = [];
  let sessions = 0;
  const endless = { pages: 0 };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'OPTIONS') return void res.writeHead(204, CORS).end();
    if (req.url === '/hang') return; // never answers
    const url = new URL(req.url ?? '/', 'http://mock');
    if (url.pathname !== '/mcp' && url.pathname !== '/endless') return void res.writeHead(404, CORS).end();
    if (req.headers['x-test-token'] !== 'secret') {
      res.writeHead(401, { ...CORS, 'Content-Type': 'application/json' });
      return void res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message: 'Unauthorized' }, id: null }));
    }
    if (req.method === 'GET') return void res.writeHead(405, { ...CORS, Allow: 'POST, DELETE' }).end();
    if (req.method === 'DELETE') {
      closedSessions.push(String(req.headers['mcp-session-id']));
      return void res.writeHead(200, CORS).end();
    }
    const message = JSON.parse(await read(req)) as RpcRequest;
    if (message.id === undefined) return void res.writeHead(202, CORS).end(); // a notification
    const reply = (result: object, headers: Record<string, string> = {}) => {
      res.writeHead(200, { ...CORS, 'Content-Type': 'application/json', ...headers });
      res.end(JSON.stringify({ jsonrpc: '2.0', id: message.id, result }));
    };
    switch (message.method) {
      case 'initialize':
        return reply(
          {
            protocolVersion: message.params?.protocolVersion,
            capabilities: { tools: { listChanged: false } },
            serverInfo: { name: 'mock-mcp', version: '1.0.0' },
          },
          { 'Mcp-Session-Id': `session-${++sessions}` },
        );
      case 'tools/list': {
        if (url.pathname === '/mcp') return reply({ tools: TOOLS });
        const page = ++endless.pages;
        const nextCursor = url.searchParams.get('cursor') === 'same' ? 'again' : `page-${page + 1}`;
        const answer = () => reply({ tools: [{ ...TOOLS[0], name: `tool_${page}` }], nextCursor });
        return void setTimeout(answer, Number(url.searchParams.get('delay') ?? 0));
      }
      case 'tools/call': {
        const name = String(message.params?.name);
        calls.push({ name, arguments: message.params?.arguments });
        if (name === 'sleep') return; // never answers
        const result =
          name === 'echo'
            ? { content: [{ type: 'text', text: `echo: ${(message.params?.arguments as { text?: string })?.text}` }] }
            : name === 'explode'
              ? { content: [{ type: 'text', text: 'database exploded' }], isError: true }
              : name === 'delete_all'
                ? { content: [{ type: 'text', text: 'deleted everything' }] }
                : undefined;
        // Tool results come as an SSE stream, the transport's other answer form.
        res.writeHead(200, { ...CORS, 'Content-Type': 'text/event-stream' });
        const body = result
          ? { jsonrpc: '2.0', id: message.id, result }
          : { jsonrpc: '2.0', id: message.id, error: { code: -32602, message: `Unknown tool: ${name}` } };
        res.end(`event: message\ndata: ${JSON.stringify(body)}\n\n`);
        return;
      }
      default:
        res.writeHead(200, { ...CORS, 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ jsonrpc: '2.0', id: message.id, error: { code: -32601, message: 'Method not found' } }));
    }
  }

  const server = await listen(handle, 'mock-mcp');
  return {
    url: `${server.origin}/mcp`,
    hangUrl: `${server.origin}/hang`,
    endlessUrl: ({ delayMs = 0, sameCursor = false } = {}) =>
      `${server.origin}/endless?delay=${delayMs}${sameCursor ? '&cursor=same' : ''}`,
    get endlessPages() {
      return endless.pages;
    },
    calls,
    closedSessions,
    close: server.close,
  };
}
