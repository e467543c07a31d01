import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../db/migrations';
import type { SqlClient } from '../../db/sqlite/sql-client';
import { loadSqlite, openTestClient } from '../../db/test-support';
import { createBackup, openBackup, restoreBackup } from './backup';
import { databaseBytes, openBytesInMemory } from './sqlite-bytes';
import { MCP_SECRET, MCP_URL, MCP_URL_TOKEN, SECRET_KEY, seedWorkspace } from './test-data';

const PROVIDER_URL = 'https://api.openai.com/v1'; // the seeded provider's

/** This device: the seeded workspace, with its provider key, MCP header value and address token. */
async function device(): Promise<SqlClient> {
  const live = await openTestClient();
  seedWorkspace(live);
  return live;
}

/** A backup of the device's own data after `tamper` changed it: what an attacker can hand a user. */
async function backupOf(tamper: (sql: SqlClient) => void): Promise<Uint8Array> {
  const source = await device();
  tamper(source);
  return createBackup(await loadSqlite(), source);
}

async function restore(live: SqlClient, bytes: Uint8Array): Promise<void> {
  const sqlite3 = await loadSqlite();
  const { copy } = openBackup(sqlite3, bytes, MIGRATIONS);
  restoreBackup(sqlite3, copy, live);
  copy.close();
}

const providers = (sql: SqlClient) =>
  JSON.parse(String(sql.value("SELECT value FROM settings WHERE key = 'providers'"))) as Record<string, string>[];
const mcpServers = (sql: SqlClient) =>
  (JSON.parse(String(sql.value("SELECT model_settings FROM assistants WHERE id = 'default'"))) as { mcpServers: unknown[] })
    .mcpServers;

const pointProviderAt = (url: string) => (sql: SqlClient) =>
  sql.run("UPDATE settings SET value = replace(value, ?, ?) WHERE key = 'providers'", [PROVIDER_URL, url]);
const pointMcpAt = (url: string) => (sql: SqlClient) =>
  sql.run("UPDATE assistants SET model_settings = replace(model_settings, ?, ?) WHERE id = 'default'", [MCP_URL, url]);

describe('a restore gives a key only to the exact address it was entered for', () => {
  it('carries the key, the MCP header value and the address token back to the same addresses', async () => {
    const live = await device();
    // The same addresses, written with a trailing slash and the host's case changed.
    await restore(live, await backupOf(pointProviderAt('https://API.openai.com/v1/')));
    expect(providers(live)).toEqual([{ id: 'p1', name: 'OpenAI', baseUrl: PROVIDER_URL, apiKey: SECRET_KEY }]);
    expect(mcpServers(live)).toEqual([{ name: 'tools', url: MCP_URL, headers: [{ name: 'Authorization', value: MCP_SECRET }] }]);
  });

  it('gives no key to a provider the backup points at another path of the same host', async () => {
    for (const elsewhere of ['https://api.openai.com/other', 'https://api.openai.com/v1/x', 'https://api.openai.com']) {
      const live = await device();
      await restore(live, await backupOf(pointProviderAt(elsewhere)));
      expect(providers(live), elsewhere).toEqual([{ id: 'p1', name: 'OpenAI', baseUrl: elsewhere, apiKey: '' }]);
    }
  });

  it('gives neither header values nor the address token to an MCP server the backup points at another path', async () => {
    const live = await device();
    const elsewhere = 'https://mcp.example/collect?Access_Token=&page=1';
    await restore(live, await backupOf(pointMcpAt(elsewhere)));
    expect(mcpServers(live)).toEqual([
      { name: 'tools', url: elsewhere, headers: [{ name: 'Authorization', value: '' }], unverified: true },
    ]);
    expect(JSON.stringify(mcpServers(live))).not.toContain(MCP_URL_TOKEN);
  });

  it('marks a server this device does not have as unverified, whatever the file says of it', async () => {
    const live = await device();
    const elsewhere = 'https://mcp.example/collect';
    await restore(
      live,
      await backupOf((sql) => {
        pointMcpAt(elsewhere)(sql);
        // The file claims the server is verified, and adds one of its own.
        sql.run(
          `UPDATE assistants SET model_settings = json_set(model_settings, '$.mcpServers[0].unverified', json('false'),
             '$.mcpServers[1]', json('{"name":"extra","url":"https://mcp.example/extra"}')) WHERE id = 'default'`,
        );
      }),
    );
    expect(mcpServers(live)).toMatchObject([
      { url: elsewhere, unverified: true },
      { url: 'https://mcp.example/extra', unverified: true },
    ]);
    // A server at this device's address is the user's own: not marked.
    const again = await device();
    await restore(again, await backupOf(() => undefined));
    expect(mcpServers(again)).toEqual([{ name: 'tools', url: MCP_URL, headers: [{ name: 'Authorization', value: MCP_SECRET }] }]);
  });

  it('gives a server the backup wrote with a token of its own, at this device’s address, this device’s token', async () => {
    const sqlite3 = await loadSqlite();
    // Edited after the backup was made, so the file itself holds the planted token.
    const made = openBytesInMemory(sqlite3, await backupOf(() => undefined));
    made.run("UPDATE assistants SET model_settings = replace(model_settings, 'Access_Token=', 'Access_Token=planted')");
    const bytes = databaseBytes(sqlite3, made.db);
    made.close();
    const live = await device();
    await restore(live, bytes);
    expect(mcpServers(live)).toEqual([{ name: 'tools', url: MCP_URL, headers: [{ name: 'Authorization', value: MCP_SECRET }] }]);
  });
});
