/**
 * A client of remote MCP servers over the Streamable HTTP transport, on the official SDK's Client
 * and StreamableHTTPClientTransport (both run in a browser worker: fetch and web streams only).
 *
 * Every request is bounded by a timeout, so a server that is down, slow or answers badly costs at
 * most that long and ends in an McpFailure whose code (McpTimeout, McpUnavailable, ...) says what
 * happened and whose message says it in plain words, with what to do. Tool output schemas are
 * checked with the project's own validator (json-schema.ts) instead of the SDK's default, ajv,
 * which compiles validators with `new Function` (refused under the app's Content Security Policy).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { jsonSchemaValidator, JsonSchemaValidatorResult } from '@modelcontextprotocol/sdk/validation/types.js';
import { validateJson, type JsonSchema } from './json-schema';
import { withoutUrlSecrets } from '../../../shared/addresses';
import { DEFAULT_MCP_TIMEOUT_MS, type McpServerConfig } from '../../../shared/mcp-settings';
import { McpFailure } from './mcp-failure';

export type { McpServerConfig } from '../../../shared/mcp-settings';

export interface McpTool {
  name: string;
  description: string;
  inputSchema: object;
  /**
   * The server marked it `readOnlyHint: true`: it changes nothing, so it runs without asking the
   * user. Any other tool asks first (an injected prompt could have it delete or send things).
   */
  readOnly: boolean;
}

/** What a tool call gave back, as text for the model. */
export interface McpCallResult {
  text: string;
  /** The server said the tool failed (`isError`). */
  isError: boolean;
}

const APP_INFO = { name: 'LibrAgent Web', version: '0.1.0' };

/** More tools than a model can choose among; a real server's list fits in a few pages. */
const MAX_TOOLS = 1000;
const MAX_TOOL_PAGES = 50;

/** Checks `structuredContent` against a tool's output schema with the app's own validator (no code generation). */
const VALIDATOR: jsonSchemaValidator = {
  getValidator<T>(schema: unknown) {
    return (input: unknown): JsonSchemaValidatorResult<T> => {
      let problems: string[] = [];
      try {
        problems = validateJson(schema as JsonSchema, input, 'The structured result');
      } catch {
        // A schema beyond the subset json-schema.ts knows: the server is trusted on it.
      }
      return problems.length === 0
        ? { valid: true, data: input as T, errorMessage: undefined }
        : { valid: false, data: undefined, errorMessage: problems.join(' ') };
    };
  },
};

function label(config: McpServerConfig, start = false): string {
  // Failures are notes in the conversation and tool errors the model reads: never a token of the address.
  return `${start ? 'The' : 'the'} MCP server “${config.name}” (${withoutUrlSecrets(config.url)})`;
}

/** The error's text with the server's address, should it quote it, without the address's secrets. */
function withoutAddress(config: McpServerConfig, text: string): string {
  const clean = withoutUrlSecrets(config.url);
  let href = config.url;
  try {
    href = new URL(config.url).href;
  } catch {
    // Not a URL: only the text as entered can be quoted.
  }
  return text.split(config.url).join(clean).split(href).join(clean);
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/**
 * The SDK's and fetch's errors as an McpFailure, in words a user can act on. Only a timeout comes
 * with a code of its own (-32001), so the others are told apart by their text here, once: past this
 * point, code decides on the McpFailure's code.
 */
export function describeMcpError(config: McpServerConfig, error: unknown, timeoutMs: number): McpFailure {
  if (error instanceof McpFailure) return error;
  const text = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === -32001 || /timed? ?out/i.test(text)) {
    return new McpFailure(
      'McpTimeout',
      `${label(config, true)} did not answer within ${seconds(timeoutMs)}. Check that it is running, or raise its timeout.`,
    );
  }
  if (error instanceof TypeError || /fetch|network/i.test(text)) {
    return new McpFailure(
      'McpUnavailable',
      `Could not reach ${label(config)}. Check its address and that it is running; it must also allow requests from this app (CORS).`,
    );
  }
  if (/\b401\b|unauthori[sz]ed/i.test(text)) {
    return new McpFailure(
      'McpUnauthorized',
      `${label(config, true)} refused access (401). Check the headers (for example Authorization) in the assistant's settings.`,
    );
  }
  const said = withoutAddress(config, text).replace(/\s+/g, ' ').trim().slice(0, 300);
  return new McpFailure('McpFailed', `${label(config, true)} failed: ${said || 'it gave an answer that could not be read'}.`);
}

/** The text parts of a tool result; other parts are named, structured content is JSON. */
export function resultText(result: Record<string, unknown>): string {
  const parts = Array.isArray(result.content) ? (result.content as Record<string, unknown>[]) : [];
  const texts = parts.map((part) => {
    if (part?.type === 'text' && typeof part.text === 'string') return part.text;
    if (part?.type === 'resource' && typeof (part.resource as { text?: unknown })?.text === 'string') {
      return (part.resource as { text: string }).text;
    }
    return `[${String(part?.type ?? 'unknown')} content${typeof part?.mimeType === 'string' ? ` (${part.mimeType})` : ''}]`;
  });
  if (texts.length === 0 && result.structuredContent !== undefined) return JSON.stringify(result.structuredContent);
  return texts.join('\n');
}

/** One open connection to a server; close it when done (it ends the server's session). */
export class McpConnection {
  private constructor(
    readonly config: McpServerConfig,
    private readonly client: Client,
    private readonly transport: StreamableHTTPClientTransport,
    private readonly timeoutMs: number,
  ) {}

  /**
   * Connects and initializes. Rejects with McpFailure after the server's timeout at the latest, or
   * after `setupTimeoutMs` when that is shorter (starting an answer should not wait as long as a
   * tool call may take).
   */
  static async open(config: McpServerConfig, signal?: AbortSignal, setupTimeoutMs?: number): Promise<McpConnection> {
    const callTimeoutMs = config.timeoutMs ?? DEFAULT_MCP_TIMEOUT_MS;
    const timeoutMs = Math.min(callTimeoutMs, setupTimeoutMs ?? callTimeoutMs);
    let url: URL;
    try {
      url = new URL(config.url);
    } catch {
      throw new McpFailure(
        'McpBadAddress',
        `The address of the MCP server “${config.name}” is not a web address. Enter one starting with http:// or https://.`,
      );
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new McpFailure(
        'McpBadAddress',
        `The address of the MCP server “${config.name}” must start with http:// or https://.`,
      );
    }
    const headers = Object.fromEntries(
      (config.headers ?? []).filter((h) => h.name.trim() !== '').map((h) => [h.name.trim(), h.value]),
    );
    const transport = new StreamableHTTPClientTransport(url, { requestInit: { headers } });
    const client = new Client(APP_INFO, { capabilities: {}, jsonSchemaValidator: VALIDATOR });
    try {
      await client.connect(transport, { timeout: timeoutMs, signal });
    } catch (error) {
      await client.close().catch(() => undefined);
      throw describeMcpError(config, error, timeoutMs);
    }
    return new McpConnection(config, client, transport, callTimeoutMs);
  }

  /**
   * All the server's tools, every page of the list, within `timeoutMs` in total (default: the call
   * timeout): a server that pages forever, slowly or fast, or repeats a cursor, ends in an
   * McpFailure instead of holding the answer or the test up. At most MAX_TOOL_PAGES pages and
   * MAX_TOOLS tools are read; more fails too, since offering a part of them would be a silent loss.
   */
  async listTools(signal?: AbortSignal, timeoutMs = this.timeoutMs): Promise<McpTool[]> {
    const tools: McpTool[] = [];
    const deadline = AbortSignal.timeout(timeoutMs);
    const bounded = signal ? AbortSignal.any([signal, deadline]) : deadline;
    const cursors = new Set<string>();
    let cursor: string | undefined;
    try {
      for (let pages = 1; ; pages++) {
        const params = cursor === undefined ? undefined : { cursor };
        const page = await this.client.listTools(params, { timeout: timeoutMs, signal: bounded });
        for (const tool of page.tools) {
          tools.push({
            name: tool.name,
            description: tool.description ?? '',
            inputSchema: tool.inputSchema,
            readOnly: tool.annotations?.readOnlyHint === true,
          });
        }
        if (tools.length > MAX_TOOLS) throw this.tooManyTools(pages, tools.length);
        cursor = page.nextCursor || undefined;
        if (cursor === undefined) break;
        if (pages === MAX_TOOL_PAGES || cursors.has(cursor)) throw this.tooManyTools(pages, tools.length);
        cursors.add(cursor);
      }
    } catch (error) {
      if (!(error instanceof McpFailure) && deadline.aborted && !signal?.aborted) throw this.listTimedOut(timeoutMs);
      throw describeMcpError(this.config, error, timeoutMs);
    }
    return tools;
  }

  private tooManyTools(pages: number, count: number): McpFailure {
    return new McpFailure(
      'McpFailed',
      `${label(this.config, true)} did not finish listing its tools after ${pages} pages (${count} tools); LibrAgent reads at most ${MAX_TOOL_PAGES} pages and ${MAX_TOOLS} tools. Check the server, or use one that offers fewer tools.`,
    );
  }

  private listTimedOut(timeoutMs: number): McpFailure {
    return new McpFailure(
      'McpTimeout',
      `${label(this.config, true)} did not finish listing its tools within ${seconds(timeoutMs)}. Check that it is running, or raise its timeout.`,
    );
  }

  /** Calls a tool; a tool that failed (`isError`) resolves, a server that failed rejects with McpFailure. */
  async callTool(name: string, args: Record<string, unknown>, signal?: AbortSignal): Promise<McpCallResult> {
    try {
      const result = await this.client.callTool({ name, arguments: args }, undefined, { timeout: this.timeoutMs, signal });
      return { text: resultText(result), isError: result.isError === true };
    } catch (error) {
      throw describeMcpError(this.config, error, this.timeoutMs);
    }
  }

  /** Ends the server's session (DELETE, as the transport asks, at most 2 s) and the connection. */
  async close(): Promise<void> {
    const ended = this.transport.terminateSession().catch(() => undefined);
    await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 2000))]);
    await this.client.close().catch(() => undefined);
  }
}
