import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startMockMcp, type MockMcp } from '../../../../test-support/mock-mcp';
import { McpTests } from './mcp-test';

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

describe('Test connection of an MCP server', () => {
  it('lists the tools, and the same id can test again once it is done', async () => {
    const tests = new McpTests();
    const listed = (await tests.run(server(), 'test-1')).map(({ name, readOnly }) => [name, readOnly]);
    expect(listed).toEqual([
      ['echo', true],
      ['explode', true],
      ['sleep', true],
      ['delete_all', false],
    ]);
    expect(await tests.run(server(), 'test-1')).toHaveLength(4);
  });

  it('is cancelled at once, while connecting to a server that never answers or while listing endless pages', async () => {
    const tests = new McpTests();
    const connecting = tests.run(server({ url: mock.hangUrl, timeoutMs: 600_000 }), 'test-2');
    tests.cancel('test-2');
    await expect(connecting).rejects.toMatchObject({
      code: 'Cancelled',
      message: 'The test of the MCP server “Mock” was cancelled.',
    });

    const before = mock.endlessPages;
    const listing = tests.run(server({ url: mock.endlessUrl({ delayMs: 100 }), timeoutMs: 600_000 }), 'test-2');
    listing.catch(() => undefined);
    await vi.waitFor(() => expect(mock.endlessPages).toBeGreaterThan(before));
    tests.cancel('test-2');
    await expect(listing).rejects.toMatchObject({ code: 'Cancelled' });
    tests.cancel('no-such-test');
  });

  it('ends within the server timeout in all, though every page of the list comes in time', async () => {
    const tests = new McpTests();
    const before = mock.endlessPages;
    await expect(tests.run(server({ url: mock.endlessUrl({ delayMs: 150 }) }), 'test-3')).rejects.toMatchObject({
      code: 'McpTimeout',
    });
    expect(mock.endlessPages - before).toBeLessThan(50);
  });

  it('refuses a second test under an id still running', async () => {
    const tests = new McpTests();
    const first = tests.run(server({ url: mock.hangUrl }), 'test-4');
    first.catch(() => undefined);
    await expect(tests.run(server(), 'test-4')).rejects.toMatchObject({ code: 'InvalidInput' });
    tests.cancel('test-4');
    await expect(first).rejects.toMatchObject({ code: 'Cancelled' });
  });
});
