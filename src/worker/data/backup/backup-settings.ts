import { ChangeFeed } from '../../change-feed';
import { createSqliteRepositories } from '../../db/sqlite';
import type { SqlClient } from '../../db/sqlite/sql-client';
import { isProviderKind } from '../../../shared/provider-kind';
import { SETTING_KEYS, SettingsService } from '../../settings/settings-service';
import { PROVIDERS_SETTING } from './secrets';

/**
 * What is wrong with the settings of a backup read into `sql`, in words for the user; undefined
 * when they are what the app writes. A settings value the app would refuse must not reach the live
 * database, where it would break every answer (or point a provider's key somewhere else).
 */
export function invalidSettings(sql: SqlClient): string | undefined {
  const known = new Set([...SETTING_KEYS, PROVIDERS_SETTING]);
  const keys = sql.all('SELECT key FROM settings ORDER BY key').map((row) => String(row.key));
  const unknown = keys.filter((key) => !known.has(key));
  if (unknown.length > 0) return `it has setting(s) LibrAgent does not make: ${unknown.slice(0, 5).join(', ')}.`;
  const repos = createSqliteRepositories(sql);
  const [problem] = new SettingsService(repos, new ChangeFeed()).problems();
  if (problem) return problem;
  try {
    return invalidProviders(repos.settings.get(PROVIDERS_SETTING));
  } catch (error) {
    return `the model providers could not be read (${(error as Error).message}).`;
  }
}

function invalidProviders(stored: unknown): string | undefined {
  if (stored === undefined) return undefined;
  if (!Array.isArray(stored)) return 'the model providers are not a list.';
  for (const [index, provider] of stored.entries()) {
    const where = `model provider ${index + 1}`;
    if (typeof provider !== 'object' || provider === null || Array.isArray(provider)) return `${where} is not an object.`;
    const { id, name, baseUrl, kind, apiKey } = provider as Record<string, unknown>;
    if (typeof id !== 'string' || id === '') return `${where} has no id.`;
    if (typeof name !== 'string') return `${where} has no name.`;
    if (kind !== undefined && !isProviderKind(kind)) return `${where} has an unknown kind.`;
    if (apiKey !== undefined && typeof apiKey !== 'string') return `${where} has a key that is not text.`;
    if (!isWebAddress(baseUrl)) return `${where} (“${name}”) has an address that is not http:// or https://.`;
  }
  return undefined;
}

function isWebAddress(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
