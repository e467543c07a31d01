import type { McpConnection, McpServerConfig } from './mcp-client';
import { openMcpConnection } from './mcp-connect';
import { McpFailure } from './mcp-failure';
import { exposedToolName } from '../../../shared/mcp-settings';
import type { ProviderTool } from '../providers/provider';
import type { ToolCall } from '../../../shared/entities';
import type { ToolOutcome } from '../tool-runner';

/**
 * Connecting and listing wait at most this long (or the server's own timeout, when shorter): the
 * answer cannot start before, and a silent server must not hold it up for a whole call timeout.
 */
const SETUP_TIMEOUT_MS = 10_000;

interface Entry {
  connection: McpConnection;
  tool: string;
  readOnly: boolean;
}

/** An MCP tool as the question before a call names it. */
export interface McpToolInfo {
  server: McpServerConfig;
  /** The tool's name on its server (the model calls it `mcp_<server>_<tool>`). */
  tool: string;
  readOnly: boolean;
}

/** A server whose tools could not be listed: the answer goes on without them. */
export interface McpProblem {
  server: string;
  message: string;
}

/**
 * The MCP servers of one answer: connected and listed once when the answer starts (in parallel,
 * each bounded by its timeout), their tools offered under names that cannot collide with the
 * built-in ones, and closed when the answer ends. A server that fails to list is reported and left
 * out; a call that fails becomes a tool error the model reads, never an exception.
 */
export class McpToolbox {
  private readonly entries = new Map<string, Entry>();
  readonly tools: ProviderTool[] = [];
  readonly problems: McpProblem[] = [];
  private readonly connections: McpConnection[] = [];

  static async open(servers: readonly McpServerConfig[], signal: AbortSignal): Promise<McpToolbox> {
    const box = new McpToolbox();
    const listed = await Promise.allSettled(
      servers.map(async (config) => {
        const connection = await openMcpConnection(config, signal, SETUP_TIMEOUT_MS);
        box.connections.push(connection);
        const setup = Math.min(SETUP_TIMEOUT_MS, config.timeoutMs ?? SETUP_TIMEOUT_MS);
        return { connection, tools: await connection.listTools(signal, setup) };
      }),
    );
    const taken = new Set<string>();
    listed.forEach((outcome, index) => {
      if (outcome.status === 'rejected') {
        const message = outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
        box.problems.push({ server: servers[index].name, message });
        return;
      }
      const { connection, tools } = outcome.value;
      for (const tool of tools) {
        const name = exposedToolName(connection.config.name, tool.name, taken);
        taken.add(name);
        box.entries.set(name, { connection, tool: tool.name, readOnly: tool.readOnly });
        const description = `${tool.description || tool.name} (from the MCP server “${connection.config.name}”)`;
        box.tools.push({ type: 'function', function: { name, description, parameters: tool.inputSchema } });
      }
    });
    return box;
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The server and tool behind an offered name, if it is one of this box's. */
  info(name: string): McpToolInfo | undefined {
    const entry = this.entries.get(name);
    return entry && { server: entry.connection.config, tool: entry.tool, readOnly: entry.readOnly };
  }

  async call(call: ToolCall, signal: AbortSignal): Promise<ToolOutcome> {
    const entry = this.entries.get(call.function.name);
    if (!entry) return failure(`Unknown tool ${call.function.name}.`);
    let args: unknown;
    try {
      args = call.function.arguments.trim() === '' ? {} : JSON.parse(call.function.arguments);
    } catch (error) {
      return failure(
        `The arguments of ${call.function.name} are not valid JSON (${(error as Error).message}). Send one JSON object.`,
      );
    }
    if (typeof args !== 'object' || args === null || Array.isArray(args)) {
      return failure(`The arguments of ${call.function.name} must be one JSON object.`);
    }
    try {
      const result = await entry.connection.callTool(entry.tool, args as Record<string, unknown>, signal);
      if (result.isError)
        return { content: JSON.stringify({ error: result.text }), error: `The tool reported an error: ${result.text}` };
      return { content: result.text, error: null };
    } catch (error) {
      return failure(error instanceof McpFailure ? error.message : String(error));
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.connections.map((connection) => connection.close()));
  }
}

const failure = (error: string): ToolOutcome => ({ content: JSON.stringify({ error }), error });
