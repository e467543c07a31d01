/**
 * The MCP servers of an assistant, as kept in its model settings (`modelSettings.mcpServers`),
 * read back defensively: settings are JSON that an older or newer app may have written.
 */
import { withoutUrlSecrets } from './addresses';
import type { JsonValue } from './entities';

export const DEFAULT_MCP_TIMEOUT_MS = 30_000;

/** An MCP server as an assistant's settings keep it (modelSettings.mcpServers). */
export interface McpServerConfig {
  /** A short name, shown to the user and used in the tool names offered to the model. */
  name: string;
  url: string;
  /** Sent with every request, e.g. Authorization; names and values as entered. */
  headers?: { name: string; value: string }[];
  /** Per request; DEFAULT_MCP_TIMEOUT_MS when left out. */
  timeoutMs?: number;
  /**
   * Set by a restore on a server of the backup that matches none this device had: whoever wrote
   * the file chose it, so its own word that a tool is read-only is not believed, and every tool
   * asks before it runs, until the user saves the server in the assistant editor.
   */
  unverified?: boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function mcpServersOf(modelSettings: { [key: string]: JsonValue }): McpServerConfig[] {
  const list: unknown = modelSettings.mcpServers;
  if (!Array.isArray(list)) return [];
  return (list as unknown[]).filter(isRecord).flatMap((item) => {
    if (typeof item.url !== 'string' || item.url.trim() === '') return [];
    const headers = Array.isArray(item.headers)
      ? (item.headers as unknown[])
          .filter(isRecord)
          .map((header) => ({ name: String(header.name ?? ''), value: String(header.value ?? '') }))
          .filter((header) => header.name.trim() !== '')
      : [];
    const timeoutMs = typeof item.timeoutMs === 'number' && item.timeoutMs > 0 ? item.timeoutMs : undefined;
    const name = typeof item.name === 'string' && item.name.trim() !== '' ? item.name.trim() : hostOf(item.url);
    const unverified = item.unverified === true ? { unverified: true } : {};
    return [{ name, url: item.url.trim(), headers, ...(timeoutMs ? { timeoutMs } : {}), ...unverified }];
  });
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * The name a server's tool is offered under: `mcp_<server>_<tool>`, only letters, digits, `_` and
 * `-`, at most 64 characters (what OpenAI, Anthropic and Gemini all accept). Built-in tools never
 * start with `mcp_`, so the two never collide; `taken` makes names unique between servers.
 */
export function exposedToolName(server: string, tool: string, taken: ReadonlySet<string>): string {
  const clean = (text: string) => text.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '');
  const base = `mcp_${clean(server).slice(0, 20) || 'server'}_${clean(tool) || 'tool'}`.slice(0, 64);
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base.slice(0, 60)}_${n}`;
  return name;
}

/**
 * Model settings without the values of MCP headers (an Authorization token, say) and without the
 * secrets of the servers' addresses (`user:pass@`, `?token=...`: addresses.ts): what backups,
 * exports and salvage files hold. The header and parameter names stay, so the user sees what to
 * enter again; a restore on this device puts back what it has (data/backup/secrets.ts).
 */
export function withoutMcpSecrets<T extends { [key: string]: JsonValue }>(modelSettings: T): T {
  const list: unknown = modelSettings.mcpServers;
  if (!Array.isArray(list)) return modelSettings;
  const servers = (list as unknown[]).map((server) => {
    if (!isRecord(server)) return server;
    const url = typeof server.url === 'string' ? { url: withoutUrlSecrets(server.url) } : {};
    if (!Array.isArray(server.headers)) return { ...server, ...url };
    const headers = (server.headers as unknown[]).map((header) => (isRecord(header) ? { ...header, value: '' } : header));
    return { ...server, ...url, headers };
  });
  return { ...modelSettings, mcpServers: servers as JsonValue };
}

/** Model settings stored as JSON text (a table row), without MCP header values; other text as is. */
export function modelSettingsTextWithoutSecrets(text: string): string {
  try {
    const parsed = JSON.parse(text) as unknown;
    return isRecord(parsed) ? JSON.stringify(withoutMcpSecrets(parsed as { [key: string]: JsonValue })) : text;
  } catch {
    return text;
  }
}
