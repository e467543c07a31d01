import { sameAddress, withoutUrlSecrets } from '../../../shared/addresses';
import { modelSettingsTextWithoutSecrets } from '../../../shared/mcp-settings';
import type { JsonValue } from '../../../shared/entities';
import type { SqlClient } from '../../db/sqlite/sql-client';

/** The settings row that holds the providers, API keys included (see provider-settings.ts). */
export const PROVIDERS_SETTING = 'providers';

type Provider = { [key: string]: JsonValue };

function readProviders(sql: SqlClient): Provider[] {
  if (sql.value("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'settings'") === undefined) return [];
  const value = sql.value('SELECT value FROM settings WHERE key = ?', [PROVIDERS_SETTING]);
  if (typeof value !== 'string') return [];
  try {
    const parsed = JSON.parse(value) as unknown;
    return Array.isArray(parsed) ? parsed.filter((item): item is Provider => typeof item === 'object' && item !== null) : [];
  } catch {
    return [];
  }
}

function writeProviders(sql: SqlClient, providers: Provider[]): void {
  sql.run(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    [PROVIDERS_SETTING, JSON.stringify(providers), Date.now()],
  );
}

/**
 * Blanks every provider's API key and the secrets of its address (`user:pass@`, `?key=...`:
 * addresses.ts), keeping its name and the rest of its address; MCP servers' header values and
 * address secrets likewise. The caller VACUUMs afterwards: a deleted or overwritten value stays
 * readable on a free page until then.
 */
export function removeApiKeys(sql: SqlClient): void {
  // MCP header values (tokens) are secrets too; they live in each assistant's model settings.
  const hasAssistants = sql.value("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'assistants'") !== undefined;
  for (const row of hasAssistants ? sql.all('SELECT id, model_settings FROM assistants') : []) {
    const text = String(row.model_settings);
    const clean = modelSettingsTextWithoutSecrets(text);
    if (clean !== text) sql.run('UPDATE assistants SET model_settings = ? WHERE id = ?', [clean, row.id]);
  }
  const providers = readProviders(sql);
  if (providers.length === 0) return;
  writeProviders(
    sql,
    providers.map((provider) => ({
      ...provider,
      ...(typeof provider.baseUrl === 'string' ? { baseUrl: withoutUrlSecrets(provider.baseUrl) } : {}),
      apiKey: '',
    })),
  );
}

/**
 * Whether a backup's address is one of this device's, as a backup made here would hold it (its
 * secrets left out): exactly the same address once both are without their secrets (trailing
 * slashes, default ports and the case of scheme and host aside; addresses.ts).
 */
function sameAddressAsMine(mine: unknown, theirs: unknown): boolean {
  if (typeof mine !== 'string' || typeof theirs !== 'string') return false;
  return sameAddress(withoutUrlSecrets(mine), withoutUrlSecrets(theirs));
}

/**
 * "Always allow" is a decision made in this app, for tools an injected prompt could abuse: a
 * backup holds none, and a restore brings none in, so a file from anywhere cannot switch the
 * question off. The user is asked again after a restore and chooses again.
 */
export function removeToolGrants(sql: SqlClient): void {
  if (sql.value("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'tool_grants'") === undefined) return;
  sql.run('DELETE FROM tool_grants');
}

/**
 * A restored database has no API keys (backups never hold them): give it the keys this device
 * has now. A provider of the backup gets the key (and the address, with its secrets) of the
 * current provider with the same id only if it points at exactly the same address: a key only
 * ever goes to the address it was entered for, never to another path of the same host. Current
 * providers the backup does not know are kept as they are.
 */
export function carryApiKeys(current: SqlClient, restored: SqlClient): void {
  carryMcpSecrets(current, restored);
  carryProviderKeys(current, restored);
}

/** The providers' part of `carryApiKeys`. */
export function carryProviderKeys(current: SqlClient, restored: SqlClient): void {
  const mine = readProviders(current);
  if (mine.length === 0) return;
  const theirs = readProviders(restored);
  const merged = theirs.map((provider) => {
    const match = mine.find((candidate) => candidate.id === provider.id);
    return match && sameAddressAsMine(match.baseUrl, provider.baseUrl)
      ? { ...provider, baseUrl: match.baseUrl, apiKey: match.apiKey ?? '' }
      : { ...provider, apiKey: '' };
  });
  const known = new Set(theirs.map((provider) => provider.id));
  writeProviders(restored, [...merged, ...mine.filter((provider) => !known.has(provider.id))]);
}

interface ServerSecrets {
  url: string;
  headers: { name: string; value: string }[];
  unverified: boolean;
}

/**
 * The same for MCP servers: a restored assistant's server gets the address (with its secrets) and
 * the header values this device has for the same assistant's server at exactly the same address,
 * header by header name; any other server's header values are blank, and the server is marked
 * unverified (mcp-settings.ts): the file chose it, so its tools all ask before they run.
 */
export function carryMcpSecrets(current: SqlClient, restored: SqlClient): void {
  const mine = new Map<string, ServerSecrets[]>();
  for (const row of current.all('SELECT id, model_settings FROM assistants')) {
    mine.set(String(row.id), mcpServersIn(String(row.model_settings)));
  }
  for (const row of restored.all('SELECT id, model_settings FROM assistants')) {
    const settings = parseObject(String(row.model_settings));
    if (!settings || !Array.isArray(settings.mcpServers)) continue;
    const known = mine.get(String(row.id)) ?? [];
    const servers = (settings.mcpServers as unknown[]).map((server) => {
      if (!isObject(server)) return server;
      const match = known.find((candidate) => sameAddressAsMine(candidate.url, server.url));
      const headers = Array.isArray(server.headers)
        ? (server.headers as unknown[]).map((header) => {
            if (!isObject(header)) return header;
            const value = match?.headers.find((candidate) => candidate.name === header.name)?.value ?? '';
            return { ...header, value };
          })
        : server.headers;
      const { unverified: _claimed, ...rest } = server;
      return {
        ...rest,
        ...(match ? { url: match.url } : {}),
        ...(headers === undefined ? {} : { headers }),
        ...(!match || match.unverified ? { unverified: true } : {}),
      };
    });
    restored.run('UPDATE assistants SET model_settings = ? WHERE id = ?', [
      JSON.stringify({ ...settings, mcpServers: servers }),
      row.id,
    ]);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function mcpServersIn(text: string): ServerSecrets[] {
  const servers = parseObject(text)?.mcpServers;
  if (!Array.isArray(servers)) return [];
  return servers.filter(isObject).map((server) => ({
    url: String(server.url ?? ''),
    unverified: server.unverified === true,
    headers: Array.isArray(server.headers)
      ? server.headers.filter(isObject).map((header) => ({ name: String(header.name ?? ''), value: String(header.value ?? '') }))
      : [],
  }));
}
