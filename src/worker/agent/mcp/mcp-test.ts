import { invalidInput } from '../../../shared/errors';
import { DEFAULT_MCP_TIMEOUT_MS, mcpServersOf } from '../../../shared/mcp-settings';
import { Cancellable } from '../cancellable';
import type { McpServerConfig } from './mcp-client';
import { openMcpConnection } from './mcp-connect';

/** A tool as the MCP settings list it: what the user checks before saving a server. */
export interface McpToolSummary {
  name: string;
  description: string;
  /** Marked read-only by the server; any other tool asks the user before each call. */
  readOnly: boolean;
}

/**
 * "Test connection": connects to an MCP server (saved or being edited), lists its tools and
 * disconnects. The whole test, connecting and every page of the list, ends within the server's
 * timeout (each request has its own, but a slow connect and many slow pages must not add up to
 * minutes), and `cancel` stops it at once.
 */
export class McpTests {
  private readonly requests = new Cancellable();

  async run(server: McpServerConfig, testId?: string): Promise<McpToolSummary[]> {
    // Read as a saved server is, so the test sees what an answer would use.
    const [config] = mcpServersOf({ mcpServers: [server as never] });
    if (!config || !/^https?:\/\//i.test(config.url)) {
      throw invalidInput('Enter the MCP server’s address, starting with http:// or https://.');
    }
    const timeoutMs = config.timeoutMs ?? DEFAULT_MCP_TIMEOUT_MS;
    const options = { deadlineMs: timeoutMs, cancelledMessage: `The test of the MCP server “${config.name}” was cancelled.` };
    return this.requests.run(testId, options, async (signal) => {
      const connection = await openMcpConnection(config, signal);
      try {
        return (await connection.listTools(signal, timeoutMs)).map(({ name, description, readOnly }) => ({
          name,
          description,
          readOnly,
        }));
      } finally {
        const closing = connection.close();
        // A stopped test answers at once; the session ends in the background.
        if (!signal.aborted) await closing;
      }
    });
  }

  /** Stops a running test; an unknown or finished one is ignored. */
  cancel(testId: string): void {
    this.requests.cancel(testId);
  }
}
