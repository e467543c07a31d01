import type { JsonValue } from '../db/types';
import type { SqlClient } from '../db/sqlite/sql-client';

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
 * Blanks every provider's API key, keeping its name and address. The caller VACUUMs afterwards:
 * a deleted or overwritten value stays readable on a free page until then.
 */
export function removeApiKeys(sql: SqlClient): void {
  const providers = readProviders(sql);
  if (providers.length === 0) return;
  writeProviders(
    sql,
    providers.map((provider) => ({ ...provider, apiKey: '' })),
  );
}

const origin = (url: JsonValue | undefined): string | null => {
  try {
    return typeof url === 'string' ? new URL(url).origin : null;
  } catch {
    return null;
  }
};

/**
 * A restored database has no API keys (backups never hold them): give it the keys this device
 * has now. A provider of the backup gets the key of the current provider with the same id, if it
 * still points at the same origin (a key only ever goes to the server it was entered for);
 * current providers the backup does not know are kept as they are.
 */
export function carryApiKeys(current: SqlClient, restored: SqlClient): void {
  const mine = readProviders(current);
  if (mine.length === 0) return;
  const theirs = readProviders(restored);
  const merged = theirs.map((provider) => {
    const match = mine.find((candidate) => candidate.id === provider.id);
    const sameOrigin = match && origin(match.baseUrl) === origin(provider.baseUrl);
    return sameOrigin ? { ...provider, apiKey: match.apiKey ?? '' } : { ...provider, apiKey: '' };
  });
  const known = new Set(theirs.map((provider) => provider.id));
  writeProviders(restored, [...merged, ...mine.filter((provider) => !known.has(provider.id))]);
}
