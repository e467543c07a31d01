import type { McpConnection } from './mcp-client';

/**
 * Connects to an MCP server (see McpConnection.open). The MCP SDK, with zod and ajv, is about half
 * of the worker's code and most starts never use it: it loads with the first connection, as a
 * chunk of its own (precached for offline use like every other).
 */
export async function openMcpConnection(...args: Parameters<typeof McpConnection.open>): Promise<McpConnection> {
  const { McpConnection } = await import('./mcp-client');
  return McpConnection.open(...args);
}
