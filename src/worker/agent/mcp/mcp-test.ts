import { AppError, invalidInput } from '../../../shared/errors';
import { DEFAULT_MCP_TIMEOUT_MS, mcpServersOf } from '../../../shared/mcp-settings';
import { requireId } from '../../../shared/validate';
import type { McpServerConfig } from './mcp-client';
import { openMcpConnection } from './mcp-connect';

/** A tool as the MCP settings list it: what the user checks before saving a server. */
export interface McpToolSummary {
  name: string;
  description: string;
}

/**
 * "Test connection": connects to an MCP server (saved or being edited), lists its tools and
 * disconnects. The whole test, connecting and every page of the list, ends within the server's
 * timeout, and `cancel` stops it at once.
 */
export class McpTests {
  private readonly running = new Map<string, AbortController>();

  async run(server: McpServerConfig, testId?: string): Promise<McpToolSummary[]> {
    // Read as a saved server is, so the test sees what an answer would use.
    const [config] = mcpServersOf({ mcpServers: [server as never] });
    if (!config || !/^https?:\/\//i.test(config.url)) {
      throw invalidInput('Enter the MCP server’s address, starting with http:// or https://.');
    }
    const controller = new AbortController();
    if (testId !== undefined) {
      requireId(testId, 'Test id');
      if (this.running.has(testId)) throw invalidInput(`Test ${testId} is already running.`);
      this.running.set(testId, controller);
    }
    const timeoutMs = config.timeoutMs ?? DEFAULT_MCP_TIMEOUT_MS;
    // One deadline for the whole test: each request has its own timeout, but a slow connect
    // followed by a listing of many slow pages must not add up to minutes.
    const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(timeoutMs)]);
    try {
      const connection = await openMcpConnection(config, signal);
      try {
        return (await connection.listTools(signal, timeoutMs)).map(({ name, description }) => ({ name, description }));
      } finally {
        const closing = connection.close();
        // A cancelled test answers at once; the session ends in the background.
        if (!controller.signal.aborted) await closing;
      }
    } catch (error) {
      if (controller.signal.aborted) {
        throw new AppError('Cancelled', `The test of the MCP server “${config.name}” was cancelled.`);
      }
      throw error;
    } finally {
      if (testId !== undefined) this.running.delete(testId);
    }
  }

  /** Stops a running test; an unknown or finished one is ignored. */
  cancel(testId: string): void {
    requireId(testId, 'Test id');
    this.running.get(testId)?.abort();
  }
}
