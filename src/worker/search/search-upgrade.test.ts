import { describe, expect, it } from 'vitest';
import fixture from './fixtures/schema-3-with-index-files.json';
import { createSqliteRepositories } from '../db/sqlite';
import { MIGRATIONS } from '../db/migrations';
import { schemaVersion } from '../db/migrate';
import { prepareDatabase } from '../db/prepare-database';
import { loadSqlite } from '../db/test-support';
import { openBytesInMemory } from '../data/backup/sqlite-bytes';
import { ChangeFeed } from '../change-feed';
import { indexPathOf } from './index-rows';
import { LEGACY_INDEX_FILE } from './legacy-index-files';
import { SearchService, type SearchHit } from './search-service';
import { MemoryFolders } from '../../../test-support/memory-folders';

/**
 * A database the app made at schema 3 (commit 96de334: one minisearch file per session), with its
 * files, captured once in fixtures/: the upgrade must keep every search working, then remove the files.
 */
async function openFixture() {
  const sqlite3 = await loadSqlite();
  const sql = openBytesInMemory(sqlite3, Uint8Array.from(Buffer.from(fixture.database, 'base64')));
  const folders = new MemoryFolders();
  for (const [path, text] of Object.entries(fixture.files)) folders.files.set(path.replace(/^workspaces\//, ''), text);
  return { sql, folders };
}

const ids = (hits: SearchHit[]) => hits.map((hit) => (hit.kind === 'message' ? hit.messageId : hit.chunkId)).sort();

describe('upgrading a database made with per-session index files', () => {
  it('finds everything it found before, then removes the old files', async () => {
    const { sql, folders } = await openFixture();
    expect(schemaVersion(sql)).toBe(3);
    expect(folders.files.size).toBe(2);
    prepareDatabase(sql, MIGRATIONS);
    const repos = createSqliteRepositories(sql);
    const search = new SearchService(sql, repos, folders, new ChangeFeed());
    const find = async (text: string, more = {}) => ids((await search.query({ text, ...more })).hits);

    expect(await find('lisbon')).toEqual(['t1', 't2']);
    expect(await find('train lisbon')).toEqual(['t1']);
    expect(await find('cafe')).toEqual(['t2']);
    expect(await find('数据库')).toEqual(['t3']);
    expect(await find('configuraton')).toEqual(['w1']);
    expect(await find('안녕')).toEqual(['w2']);
    expect(await find('invoices', { role: 'document' })).toEqual(['doc1-c1']);
    expect(await find('the', { sessionId: 'work' })).toEqual(['doc1-c1', 'w1']);
    expect(await search.searchDocuments('work', 'quarterly invoice')).toMatchObject([{ chunkId: 'doc1-c1' }]);

    await search.warmUp();
    expect(folders.files.size).toBe(0);
    expect(folders.files.has(`trip/${LEGACY_INDEX_FILE}`)).toBe(false);
    for (const sessionId of ['trip', 'work']) {
      expect(repos.messages.getIndexMeta(sessionId)).toMatchObject({ indexPath: indexPathOf(sessionId), indexVersion: 2 });
      expect(repos.messages.isIndexDirty(sessionId)).toBe(false);
    }
    expect(search.status().map((row) => [row.sessionId, row.docCount, row.dirty])).toEqual(
      expect.arrayContaining([
        ['trip', 3, false],
        ['work', 4, false],
      ]),
    );
  });

  it('keeps the old files while the new index is still being built', async () => {
    const { sql, folders } = await openFixture();
    prepareDatabase(sql, MIGRATIONS);
    const search = new SearchService(sql, createSqliteRepositories(sql), folders, new ChangeFeed());
    search.close();
    await search.warmUp();
    expect(folders.files.size).toBe(2);
    expect(Number(sql.value('SELECT COUNT(1) FROM search_queue'))).toBe(7);
  });
});
