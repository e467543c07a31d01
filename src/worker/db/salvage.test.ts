import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations';
import { prepareDatabase } from './prepare-database';
import { salvage } from './salvage';
import { createSqliteRepositories } from './sqlite';
import { SqlClient } from './sqlite/sql-client';
import { loadSqlite, openTestClient } from './test-support';

const MESSAGES = 2000;
const SECRET = 'sk-never-exported-1234';

/**
 * A database with a session, many messages, a setting and a provider key, as file bytes, and the
 * numbers of the pages that hold message rows (from dbstat, so a schema that grows does not move
 * the damage onto another table).
 */
async function databaseBytes(): Promise<Uint8Array> {
  return (await databaseWithMessagePages()).bytes;
}

async function databaseWithMessagePages(): Promise<{ bytes: Uint8Array; messagePages: number[] }> {
  const sqlite3 = await loadSqlite();
  const sql = await openTestClient();
  const repos = createSqliteRepositories(sql, () => 1_700_000_000_000);
  repos.sessions.create({ id: 's1', name: 'Keep me', assistantId: 'default', createdAt: 1 });
  repos.messages.insertMany(
    Array.from({ length: MESSAGES }, (_, i) => ({
      id: `m${i}`,
      sessionId: 's1',
      role: 'user' as const,
      content: `message ${i} ${'with enough text to fill many pages '.repeat(4)} lone \ud800`,
      toolCalls: null,
      toolCallId: null,
      isStreaming: false,
      thinking: null,
      thinkingSignature: null,
      assistantId: null,
      attachments: null,
      toolUse: null,
      createdAt: i,
      updatedAt: i,
      source: null,
      error: null,
    })),
  );
  repos.settings.set('providers', [{ id: 'p', name: 'P', baseUrl: 'http://x', apiKey: SECRET }]);
  repos.settings.set('agent', { maxSteps: 3 });
  const messagePages = sql
    .all("SELECT pageno FROM dbstat WHERE name = 'messages' AND pagetype = 'leaf' ORDER BY pageno")
    .map((row) => Number(row.pageno));
  const bytes = sqlite3.capi.sqlite3_js_db_export(sql.db);
  sql.close();
  return { bytes, messagePages };
}

async function openBytes(bytes: Uint8Array): Promise<SqlClient> {
  const sqlite3 = await loadSqlite();
  const db = new sqlite3.oo1.DB(':memory:');
  const pointer = sqlite3.wasm.allocFromTypedArray(bytes);
  const { capi } = sqlite3;
  const flags = capi.SQLITE_DESERIALIZE_FREEONCLOSE | capi.SQLITE_DESERIALIZE_RESIZEABLE;
  db.checkRc(capi.sqlite3_deserialize(db.pointer!, 'main', pointer, bytes.length, bytes.length, flags));
  return new SqlClient(db, sqlite3);
}

function damage(bytes: Uint8Array, pages: number[]): Uint8Array {
  const copy = bytes.slice();
  const pageSize = (copy[16] << 8) | copy[17];
  // Page numbers start at 1.
  for (const page of pages) copy.fill(0xa5, (page - 1) * pageSize, page * pageSize);
  return copy;
}

describe('salvage of a damaged database', () => {
  it('reads every row of a sound database, without the provider keys', async () => {
    const sql = await openBytes(await databaseBytes());
    const result = salvage(sql);
    expect(result.tables.messages.rows).toHaveLength(MESSAGES);
    expect(result.tables.messages.errors).toEqual([]);
    expect(result.tables.messages.rows[0].content).toContain('lone \ud800');
    expect(result.tables.settings.rows.map((row) => row.key)).toEqual(['agent']);
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });

  it('is refused at open, and still yields the rows around the damaged pages', async () => {
    const { bytes, messagePages } = await databaseWithMessagePages();
    const middle = Math.floor(messagePages.length / 2);
    const sql = await openBytes(damage(bytes, messagePages.slice(middle, middle + 2)));
    expect(() => prepareDatabase(sql, MIGRATIONS)).toThrow(expect.objectContaining({ code: 'Corrupt' }));
    const result = salvage(sql);
    const rescued = result.tables.messages.rows.length;
    expect(rescued).toBeGreaterThan(MESSAGES / 2);
    expect(rescued).toBeLessThan(MESSAGES);
    expect(result.tables.messages.errors.length).toBeGreaterThan(0);
    expect(result.tables.sessions.rows.map((row) => row.name)).toEqual(['Keep me']);
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });
});
