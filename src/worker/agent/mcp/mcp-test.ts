import { invalidInput } from '../../../shared/errors';
import { mcpServersOf } from '../../../shared/mcp-settings';
import type { McpServerConfig } from './mcp-client';
import { openMcpConnection } from './mcp-connect';

/** A tool as the MCP settings list it: what the user checks before saving a server. */
export interface McpToolSummary {
  name: string;
  description: string;
  /** Marked read-only by the server; any other tool asks the user before each call. */
  readOnly: boolean;
}

/** Connects to an MCP server (saved or being edited), lists its tools, and disconnects. */
export async function testMcpServer(server: McpServerConfig): Promise<McpToolSummary[]> {
  // Read as a saved server is, so the test sees what an answer would use.
  const [config] = mcpServersOf({ mcpServers: [server as never] });
  if (!config || !/^https?:\/\//i.test(config.url)) {
    throw invalidInput('Enter the MCP server’s address, starting with http:// or https://.');
  }
  const connection = await openMcpConnection(config);
  try {
    return (await connection.listTools()).map(({ name, description, readOnly }) => ({ name, description, readOnly }));
  } finally {
    await connection.close();
  }
}
