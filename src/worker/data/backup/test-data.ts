import { createSession, makeMessage } from '../../db/contract/fixtures';
import type { Repositories } from '../../db/repositories';
import { createSqliteRepositories } from '../../db/sqlite';
import type { SqlClient } from '../../db/sqlite/sql-client';

export const SECRET_KEY = 'sk-test-THIS-KEY-MUST-NEVER-BE-EXPORTED-1234';

/** Two sessions with messages (attachments, tool calls), documents with chunks, and a provider key. */
/** An MCP server's Authorization header value: a secret like an API key. */
export const MCP_SECRET = 'Bearer mcp-THIS-TOKEN-MUST-NEVER-BE-EXPORTED';

/** A token in an MCP server's address (its query): a secret too. */
export const MCP_URL_TOKEN = 'mcp-url-THIS-TOKEN-MUST-NEVER-BE-EXPORTED';

/** The seeded MCP server's address, token included. */
export const MCP_URL = `https://mcp.example/mcp?Access_Token=${MCP_URL_TOKEN}&page=1`;

export function seedWorkspace(sql: SqlClient): Repositories {
  const repos = createSqliteRepositories(sql, () => 1_700_000_000_000);
  const mcpServers = [{ name: 'tools', url: MCP_URL, headers: [{ name: 'Authorization', value: MCP_SECRET }] }];
  repos.assistants.update('default', { modelSettings: { mcpServers } }, 1_700_000_000_000);
  createSession(repos, 's1', 10);
  createSession(repos, 's2', 20);
  repos.contentStore.addContent(
    's1',
    { id: 'c1', filename: 'notes.md', mimeType: 'text/markdown', size: 24, content: 'line one\nline two\nline 3' },
    [
      { id: 'k1', text: 'line one\nline two', startLine: 1, endLine: 2, page: null, sheet: null },
      { id: 'k2', text: 'line 3', startLine: 3, endLine: 3, page: 1, sheet: 'Sheet1' },
    ],
  );
  repos.messages.insertMany([
    makeMessage({ id: 'm1', sessionId: 's1', content: 'hello', createdAt: 1000, updatedAt: 1000 }),
    makeMessage({
      id: 'm2',
      sessionId: 's1',
      role: 'assistant',
      content: 'hi **there**',
      thinking: 'pondering',
      toolCalls: [{ id: 't1', type: 'function', function: { name: 'list_content', arguments: '{}' } }],
      createdAt: 2000,
      updatedAt: 2500,
    }),
    makeMessage({
      id: 'm3',
      sessionId: 's1',
      content: 'see file',
      attachments: [{ contentId: 'c1', filename: 'notes.md', mimeType: 'text/markdown' }],
      createdAt: 3000,
      updatedAt: 3000,
    }),
    makeMessage({ id: 'm4', sessionId: 's2', content: '안녕하세요', createdAt: 4000, updatedAt: 4000 }),
  ]);
  repos.settings.set('providers', [{ id: 'p1', name: 'OpenAI', baseUrl: 'https://api.openai.com/v1', apiKey: SECRET_KEY }]);
  return repos;
}

/** Every row of every table of data, for exact comparisons (the search index's are derived from them). */
export function dumpTables(sql: SqlClient, except: string[] = []): Record<string, unknown[]> {
  const tables = sql
    .all(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_%' ORDER BY name",
    )
    .map((row) => String(row.name))
    .filter((name) => !except.includes(name));
  // A session's order stamp is random by design (migration 0006): its count is what must match.
  const columns = (table: string) => (table === 'message_counts' ? 'session_id, message_count' : '*');
  return Object.fromEntries(tables.map((table) => [table, sql.all(`SELECT ${columns(table)} FROM ${table} ORDER BY rowid`)]));
}
