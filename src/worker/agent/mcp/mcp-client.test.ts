import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockMcp, type MockMcp } from '../../../../test-support/mock-mcp';
import { thrownAcrossBoundary } from '../../../../test-support/across-boundary';
import { describeMcpError, McpConnection, resultText } from './mcp-client';
import { McpFailure } from './mcp-failure';
import { exposedToolName, mcpServersOf } from '../../../shared/mcp-settings';

let mock: MockMcp;
beforeAll(async () => {
  mock = await startMockMcp();
});
afterAll(async () => {
  await mock.close();
});

const server = (overrides = {}) => ({
  name: 'Mock',
  url: mock.url,
  headers: [{ name: 'x-test-token', value: 'secret' }],
  timeoutMs: 1000,
  ...overrides,
});

describe('McpConnection over Streamable HTTP', () => {
  it('lists the tools, calls one (answered as SSE) and reports a tool error as isError', async () => {
    const connection = await McpConnection.open(server());
    try {
      const tools = await connection.listTools();
      expect(tools.map((tool) => [tool.name, tool.readOnly])).toEqual([
        ['echo', true],
        ['explode', true],
        ['sleep', true],
        ['delete_all', false],
      ]);
      expect(tools[0].inputSchema).toMatchObject({ required: ['text'] });
      expect(await connection.callTool('echo', { text: 'hi 你好' })).toEqual({ text: 'echo: hi 你好', isError: false });
      expect(await connection.callTool('explode', {})).toEqual({ text: 'database exploded', isError: true });
      await expect(connection.callTool('nope', {})).rejects.toThrow(/Unknown tool: nope/);
    } finally {
      await connection.close();
    }
    expect(mock.closedSessions.length).toBeGreaterThan(0);
  });

  it('a call that never answers ends with a timeout in plain words', async () => {
    const connection = await McpConnection.open(server({ timeoutMs: 400 }));
    const started = Date.now();
    try {
      await expect(connection.callTool('sleep', {})).rejects.toThrow(/did not answer within 0\.4 s/);
    } finally {
      await connection.close();
    }
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('a server that never answers, one that is down and one that refuses the headers all fail clearly', async () => {
    await expect(McpConnection.open(server({ url: mock.hangUrl, timeoutMs: 300 }))).rejects.toThrow(
      /did not answer within 0\.3 s/,
    );
    await expect(McpConnection.open(server({ url: 'http://127.0.0.1:9/mcp' }))).rejects.toThrow(/Could not reach .*CORS/);
    await expect(McpConnection.open(server({ headers: [] }))).rejects.toThrow(McpFailure);
    await expect(McpConnection.open(server({ url: 'ftp://example/mcp' }))).rejects.toThrow(/http:\/\/ or https:\/\//);
  });
});

describe('listing tools is bounded', () => {
  it('a server that pages forever fails after 50 pages, in plain words', async () => {
    const connection = await McpConnection.open(server({ url: mock.endlessUrl(), timeoutMs: 30_000 }));
    const before = mock.endlessPages;
    try {
      await expect(connection.listTools()).rejects.toMatchObject({
        code: 'McpFailed',
        message: expect.stringMatching(/did not finish listing its tools after 50 pages .*at most 50 pages/),
      });
    } finally {
      await connection.close();
    }
    expect(mock.endlessPages - before).toBe(50);
  });

  it('a server that repeats a cursor is not asked again and again', async () => {
    const connection = await McpConnection.open(server({ url: mock.endlessUrl({ sameCursor: true }), timeoutMs: 30_000 }));
    const before = mock.endlessPages;
    try {
      await expect(connection.listTools()).rejects.toMatchObject({ code: 'McpFailed' });
    } finally {
      await connection.close();
    }
    expect(mock.endlessPages - before).toBe(2);
  });

  it('pages that each come in time still end within the total time of the listing', async () => {
    // Each page answers well within the 1 s timeout, but 50 of them would take 7.5 s.
    const connection = await McpConnection.open(server({ url: mock.endlessUrl({ delayMs: 150 }) }));
    const before = mock.endlessPages;
    try {
      await expect(connection.listTools()).rejects.toMatchObject({
        code: 'McpTimeout',
        message: expect.stringMatching(/did not finish listing its tools within 1 s/),
      });
    } finally {
      await connection.close();
    }
    expect(mock.endlessPages - before).toBeLessThan(50);
  });

  it('a cancelled listing stops asking', async () => {
    const connection = await McpConnection.open(server({ url: mock.endlessUrl({ delayMs: 100 }) }));
    const controller = new AbortController();
    const before = mock.endlessPages;
    try {
      const listing = connection.listTools(controller.signal);
      controller.abort();
      await expect(listing).rejects.toThrow();
    } finally {
      await connection.close();
    }
    expect(mock.endlessPages - before).toBeLessThanOrEqual(1);
  });
});

describe('MCP failure codes', () => {
  const failure = (action: Promise<unknown>) =>
    action.then(
      () => undefined,
      (error: unknown) => error as McpFailure,
    );

  it('tells a timeout, a server that is down, refused headers, a bad address and a failed call apart', async () => {
    expect(await failure(McpConnection.open(server({ url: mock.hangUrl, timeoutMs: 300 })))).toMatchObject({
      code: 'McpTimeout',
    });
    expect(await failure(McpConnection.open(server({ url: 'http://127.0.0.1:9/mcp' })))).toMatchObject({
      code: 'McpUnavailable',
    });
    expect(await failure(McpConnection.open(server({ headers: [] })))).toMatchObject({ code: 'McpUnauthorized' });
    expect(await failure(McpConnection.open(server({ url: 'ftp://example/mcp' })))).toMatchObject({ code: 'McpBadAddress' });
    expect(await failure(McpConnection.open(server({ url: 'not an address' })))).toMatchObject({ code: 'McpBadAddress' });
    const connection = await McpConnection.open(server());
    try {
      expect(await failure(connection.callTool('nope', {}))).toMatchObject({ code: 'McpFailed' });
    } finally {
      await connection.close();
    }
  });

  it('classifies the SDK code of a timeout and a fetch failure, and keeps both across the worker boundary', async () => {
    const config = server();
    const timeout = describeMcpError(config, Object.assign(new Error('Request failed'), { code: -32001 }), 1000);
    const down = describeMcpError(config, new TypeError('Failed to fetch'), 1000);
    expect(timeout).toMatchObject({ code: 'McpTimeout', message: expect.stringMatching(/did not answer within 1 s/) });
    expect(down).toMatchObject({ code: 'McpUnavailable', message: expect.stringMatching(/^Could not reach/) });
    for (const error of [timeout, down]) {
      expect(await thrownAcrossBoundary(error)).toMatchObject({ name: 'AppError', code: error.code, message: error.message });
    }
  });

  it('never writes a token of the server’s address into a failure, which the conversation and the model read', () => {
    const url = 'https://user:pw-SECRET@mcp.example/mcp?token=q-SECRET&page=2';
    const config = { name: 'tools', url, headers: [] };
    const failures = [
      describeMcpError(config, Object.assign(new Error('Request failed'), { code: -32001 }), 1000),
      describeMcpError(config, new TypeError('Failed to fetch'), 1000),
      describeMcpError(config, new Error(`Error POSTing to endpoint ${url} (HTTP 500)`), 1000),
      describeMcpError(config, new Error(`Error POSTing to endpoint ${new URL(url).href}`), 1000),
    ];
    for (const failure of failures) {
      expect(failure.message).not.toContain('SECRET');
      expect(failure.message).toContain('https://mcp.example/mcp?token=&page=2');
    }
  });
});

describe('MCP settings and results', () => {
  it('reads servers from model settings defensively', () => {
    expect(
      mcpServersOf({
        mcpServers: [
          {
            name: 'A',
            url: 'http://127.0.0.1:1/mcp',
            headers: [
              { name: 'Authorization', value: 'Bearer x' },
              { name: ' ', value: 'y' },
            ],
          },
          { url: 'http://host:2/mcp', timeoutMs: 500 },
          { name: 'no url' },
          'junk',
        ],
      }),
    ).toEqual([
      { name: 'A', url: 'http://127.0.0.1:1/mcp', headers: [{ name: 'Authorization', value: 'Bearer x' }] },
      { name: 'host:2', url: 'http://host:2/mcp', headers: [], timeoutMs: 500 },
    ]);
    expect(mcpServersOf({})).toEqual([]);
  });

  it('names tools so they never collide with built-in tools or each other', () => {
    const taken = new Set<string>();
    const first = exposedToolName('My Server!', 'read_content', taken);
    taken.add(first);
    expect(first).toBe('mcp_My_Server_read_content');
    expect(exposedToolName('My Server!', 'read_content', taken)).toBe('mcp_My_Server_read_content_2');
    expect(exposedToolName('s', 'x'.repeat(100), taken)).toHaveLength(64);
  });

  it('turns results into text', () => {
    expect(
      resultText({
        content: [
          { type: 'text', text: 'a' },
          { type: 'image', mimeType: 'image/png', data: '' },
        ],
      }),
    ).toBe('a\n[image content (image/png)]');
    expect(resultText({ content: [], structuredContent: { n: 1 } })).toBe('{"n":1}');
  });
});
