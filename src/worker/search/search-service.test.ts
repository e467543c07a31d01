import { beforeEach, describe, expect, it, vi } from 'vitest';
import { makeMessage, testClock } from '../db/contract/fixtures';
import type { Repositories } from '../db/repositories';
import { createSqliteRepositories } from '../db/sqlite';
import type { SqlClient } from '../db/sqlite/sql-client';
import { MIGRATIONS } from '../db/migrations';
import { prepareDatabase } from '../db/prepare-database';
import { openTestClient } from '../db/test-support';
import type { Message } from '../../shared/entities';
import { ChangeFeed } from '../change-feed';
import type { WorkspaceFolders } from '../sessions/workspace-folders';
import { INDEX_FILE, SearchService, type SearchHit } from './search-service';
import { SearchSource } from './search-source';

/** Session folders in memory: what OPFS holds, minus the browser. */
class MemoryFolders implements WorkspaceFolders {
  readonly files = new Map<string, string>();
  readonly reads: string[] = [];
  async create(): Promise<void> {}
  async remove(sessionId: string): Promise<void> {
    this.files.delete(`${sessionId}/${INDEX_FILE}`);
  }
  async exists(): Promise<boolean> {
    return true;
  }
  async sweep(): Promise<number> {
    return 0;
  }
  async writeFile(sessionId: string, name: string, text: string): Promise<string> {
    this.files.set(`${sessionId}/${name}`, text);
    return `workspaces/${sessionId}/${name}`;
  }
  async readFile(sessionId: string, name: string): Promise<string | undefined> {
    this.reads.push(sessionId);
    return this.files.get(`${sessionId}/${name}`);
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

let sql: SqlClient;
let repos: Repositories;
let folders: MemoryFolders;
let changes: ChangeFeed;
let search: SearchService;
const clock = testClock();

function startService(source = new SearchSource(sql)): SearchService {
  changes = new ChangeFeed();
  return new SearchService(repos, source, folders, changes);
}

function session(id: string, name = `Session ${id}`): void {
  repos.sessions.create({ id, name, assistantId: 'default', createdAt: clock.advance() });
}

function say(id: string, sessionId: string, content: string, extra: Partial<Message> = {}): void {
  repos.messages.insert(makeMessage({ id, sessionId, content, createdAt: clock.advance(1000), ...extra }));
}

async function addDocument(sessionId: string, id: string, filename: string, texts: string[]): Promise<void> {
  const chunks = texts.map((text, i) => ({ id: `${id}-c${i}`, text, startLine: i + 1, endLine: i + 1, page: null, sheet: null }));
  repos.contentStore.addContent(sessionId, { id, filename, mimeType: 'text/plain', size: 1, content: texts.join('\n') }, chunks);
  changes.emit({ kind: 'content', sessionId });
  await tick();
}

const ids = (hits: SearchHit[]) => hits.map((hit) => (hit.kind === 'message' ? hit.messageId : hit.chunkId));
const find = async (text: string, more: Record<string, unknown> = {}) => ids((await search.query({ text, ...more })).hits);

beforeEach(async () => {
  sql = await openTestClient();
  repos = createSqliteRepositories(sql, clock.now);
  folders = new MemoryFolders();
  session('s1', 'Travel plans');
  session('s2', 'Work');
  search = startService();
});

describe('what is searched', () => {
  it('finds messages by their text, thinking and tool output, never by JSON keys', async () => {
    say('m1', 's1', 'Book the train to Lisbon');
    say('m2', 's1', 'Sure', { role: 'assistant', thinking: 'The user prefers window seats' });
    say('m3', 's1', JSON.stringify({ status: 'ok', result: 'Reservation confirmed for Porto' }), {
      role: 'tool',
      toolCallId: 'call-1',
    });
    expect(await find('Lisbon')).toEqual(['m1']);
    expect(await find('window seats')).toEqual(['m2']);
    expect(await find('Porto')).toEqual(['m3']);
    expect(await find('status')).toEqual([]);
  });

  it('finds document chunks, with the file name and line range', async () => {
    await addDocument('s2', 'd1', 'budget.csv', ['rent and groceries', 'quarterly invoices for the studio']);
    const { hits } = await search.query({ text: 'invoices' });
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ kind: 'document', filename: 'budget.csv', startLine: 2, endLine: 2, sessionName: 'Work' });
  });

  it('finds Korean words by their prefix, Chinese words, and folds accents', async () => {
    say('k', 's1', '안녕하세요 여러분');
    say('c', 's1', '我们的数据库很快');
    say('f', 's1', 'Un café à Lisbonne');
    expect(await find('안녕')).toEqual(['k']);
    expect(await find('数据库')).toEqual(['c']);
    expect(await find('cafe')).toEqual(['f']);
    expect(await find('CAFÉ')).toEqual(['f']);
  });

  it('forgives a typo in a longer word and matches the word being typed as a prefix', async () => {
    say('m1', 's1', 'the configuration file is missing');
    expect(await find('configuraton')).toEqual(['m1']);
    expect(await find('config')).toEqual(['m1']);
  });

  it('ranks a message about the term above one that mentions it in passing', async () => {
    say('long', 's1', `lisbon ${'and many other words about other cities '.repeat(10)}`);
    say('short', 's1', 'lisbon lisbon trip');
    expect(await find('lisbon')).toEqual(['short', 'long']);
  });

  it('describes a message hit with session, role, time and a highlighted snippet', async () => {
    say('m1', 's1', 'Please book the train to Lisbon for Friday');
    const [hit] = (await search.query({ text: 'lisbon' })).hits;
    expect(hit).toMatchObject({ kind: 'message', messageId: 'm1', sessionId: 's1', sessionName: 'Travel plans', role: 'user' });
    expect(hit.at).toBe(repos.messages.get('m1').createdAt);
    expect(hit.snippet.filter((part) => part.match).map((part) => part.text)).toEqual(['Lisbon']);
  });
});

describe('a database from before the search index (schema 2)', () => {
  it('finds the messages written before migration 0003, without and after a rebuild', async () => {
    sql = await openTestClient(MIGRATIONS.slice(0, 2));
    sql.run("INSERT INTO sessions (id, name, assistant_id, created_at, updated_at) VALUES ('old', 'Old', 'default', 1, 1)");
    sql.run(
      `INSERT INTO messages (id, session_id, role, content, is_streaming, created_at, updated_at)
       VALUES ('old-1', 'old', 'user', 'written long before search existed', 0, 1, 1)`,
    );
    prepareDatabase(sql, MIGRATIONS);
    repos = createSqliteRepositories(sql, clock.now);
    search = startService();
    expect(await find('existed')).toEqual(['old-1']);
    await search.rebuild('old');
    expect(await find('existed')).toEqual(['old-1']);
  });
});

describe('filters and scope', () => {
  beforeEach(async () => {
    say('u1', 's1', 'pack the passport', { createdAt: 1_000 });
    say('a1', 's1', 'your passport is in the drawer', { role: 'assistant', createdAt: 2_000 });
    say('u2', 's2', 'renew my passport at work', { createdAt: 3_000 });
    await addDocument('s2', 'd1', 'checklist.md', ['passport, tickets, charger']);
  });

  it('searches every session or one', async () => {
    expect((await find('passport')).sort()).toEqual(['a1', 'd1-c0', 'u1', 'u2']);
    expect((await find('passport', { sessionId: 's1' })).sort()).toEqual(['a1', 'u1']);
  });

  it('filters by role, by documents only, and by date', async () => {
    expect((await find('passport', { role: 'user' })).sort()).toEqual(['u1', 'u2']);
    expect(await find('passport', { role: 'assistant' })).toEqual(['a1']);
    expect(await find('passport', { role: 'document' })).toEqual(['d1-c0']);
    expect((await find('passport', { from: 1_500, to: 3_500, role: 'user' })).sort()).toEqual(['u2']);
  });

  it('refuses bad queries with a code', async () => {
    await expect(search.query({ text: 'x', role: 'robot' as never })).rejects.toMatchObject({ code: 'InvalidInput' });
    await expect(search.query({ text: 42 as never })).rejects.toMatchObject({ code: 'InvalidInput' });
    await expect(search.query({ text: 'x', sessionId: 'nope' })).rejects.toMatchObject({ code: 'NotFound' });
    await expect(search.query({ text: 'x', limit: 10_000 })).rejects.toMatchObject({ code: 'InvalidInput' });
  });
});

describe('staying current', () => {
  it('sees every insert, upsert, edit and delete at the next query', async () => {
    say('m1', 's1', 'first draft about falcons');
    expect(await find('falcons')).toEqual(['m1']);
    repos.messages.insert({ ...repos.messages.get('m1'), content: 'second draft about herons' });
    expect(await find('falcons')).toEqual([]);
    expect(await find('herons')).toEqual(['m1']);
    say('m2', 's1', 'herons again');
    repos.messages.deleteById('m1');
    expect(await find('herons')).toEqual(['m2']);
  });

  it('never returns deleted documents or sessions', async () => {
    say('m1', 's2', 'orchids in the greenhouse');
    await addDocument('s1', 'd1', 'plants.txt', ['orchids need humidity']);
    expect((await find('orchids')).sort()).toEqual(['d1-c0', 'm1']);
    repos.contentStore.deleteContent('s1', 'd1');
    changes.emit({ kind: 'content', sessionId: 's1' });
    await tick();
    expect(await find('orchids')).toEqual(['m1']);
    repos.sessions.delete('s2');
    expect(await find('orchids')).toEqual([]);
  });

  it('catches up on a large session in batches, and a query waits for the catch-up under way', async () => {
    const many = Array.from({ length: 4_500 }, (_, i) =>
      makeMessage({
        id: `bulk-${i}`,
        sessionId: 's1',
        content: `bulk message ${i} ${i === 4_321 ? 'needle' : 'hay'}`,
        createdAt: i,
      }),
    );
    repos.messages.insertMany(many);
    const [first, second] = await Promise.all([search.query({ text: 'needle' }), search.query({ text: 'bulk', limit: 200 })]);
    expect(ids(first.hits)).toEqual(['bulk-4321']);
    expect(second.hits).toHaveLength(200);
    expect(search.indexOf('s1')?.messageCount).toBe(4_500);
  });

  it('a message deleted and another added in the same gap are both seen', async () => {
    say('m1', 's1', 'zebra crossing');
    expect(await find('zebra')).toEqual(['m1']);
    repos.messages.deleteById('m1');
    say('m2', 's1', 'zebra stripes');
    expect(await find('zebra')).toEqual(['m2']);
  });
});

describe('the indexing pass and persistence', () => {
  it('persists stale indexes and records them in message_index_meta', async () => {
    say('m1', 's1', 'alpha');
    say('m2', 's1', 'beta');
    await addDocument('s1', 'd1', 'notes.txt', ['gamma']);
    expect(repos.messages.isIndexDirty('s1')).toBe(true);
    expect(await search.runIndexingPass()).toBe(1);
    const meta = repos.messages.getIndexMeta('s1');
    expect(meta).toMatchObject({
      indexPath: `workspaces/s1/${INDEX_FILE}`,
      docCount: 3,
      lastIndexedAt: clock.now(),
      indexVersion: 1,
    });
    expect(meta?.lastRebuildDurationMs).toBeGreaterThanOrEqual(0);
    expect(repos.messages.isIndexDirty('s1')).toBe(false);
    expect(folders.files.has(`s1/${INDEX_FILE}`)).toBe(true);
    expect(await search.runIndexingPass()).toBe(0);
  });

  it('after a restart loads the saved index and reads only what changed since', async () => {
    say('m1', 's1', 'saved before the restart');
    await search.runIndexingPass();
    const savedSeq = repos.messages.getIndexMeta('s1')!.changeSeq;
    say('m2', 's1', 'written after the last save');
    repos.messages.deleteById('m1');

    const source = new SearchSource(sql);
    const changedSince = vi.spyOn(source, 'messagesChangedSince');
    search = startService(source);
    await search.warmUp();
    expect(folders.reads).toContain('s1');
    expect(changedSince).toHaveBeenCalledWith('s1', savedSeq, expect.any(Number));
    expect(await find('restart')).toEqual([]);
    expect(await find('written')).toEqual(['m2']);
  });

  it('rebuilds a damaged or missing index file instead of failing', async () => {
    say('m1', 's1', 'resilient indexes');
    await search.runIndexingPass();
    folders.files.set(`s1/${INDEX_FILE}`, '{"format":1,"seq":');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    search = startService();
    expect(await find('resilient')).toEqual(['m1']);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('could not be read'), expect.anything());
    expect(await search.runIndexingPass()).toBe(1);
    expect(JSON.parse(folders.files.get(`s1/${INDEX_FILE}`)!)).toMatchObject({ format: 1 });

    folders.files.delete(`s1/${INDEX_FILE}`);
    search = startService();
    expect(await find('resilient')).toEqual(['m1']);
    warn.mockRestore();
  });

  it('rebuilds an index saved by another index version', async () => {
    say('m1', 's1', 'versioned words');
    await search.runIndexingPass();
    repos.messages.updateIndexMeta('s1', {
      indexPath: `workspaces/s1/${INDEX_FILE}`,
      docCount: 1,
      rebuildDurationMs: 1,
      indexVersion: 0,
    });
    search = startService();
    expect(search.status().find((row) => row.sessionId === 's1')?.dirty).toBe(true);
    expect(await find('versioned')).toEqual(['m1']);
    expect(folders.reads).not.toContain('s1');
    await search.runIndexingPass();
    expect(repos.messages.getIndexMeta('s1')?.indexVersion).toBe(1);
  });

  it('a closed service (after a restore) saves nothing and stops its work', async () => {
    say('m1', 's1', 'replaced data');
    search.close();
    expect(await search.runIndexingPass()).toBe(0);
    await search.warmUp();
    expect(folders.files.size).toBe(0);
    expect(repos.messages.getIndexMeta('s1')?.indexPath ?? null).toBeNull();
  });

  it('"rebuild now" rebuilds from the database and reports the status', async () => {
    say('m1', 's1', 'one');
    say('m2', 's2', 'two');
    const status = await search.rebuild();
    expect(status.map((row) => [row.sessionName, row.docCount, row.dirty]).sort()).toEqual([
      ['Travel plans', 1, false],
      ['Work', 1, false],
    ]);
    await expect(search.rebuild('missing')).rejects.toMatchObject({ code: 'NotFound' });
  });
});

describe('searchDocuments (the keyword_search tool)', () => {
  beforeEach(async () => {
    await addDocument('s1', 'd1', 'report.md', [
      'The quarterly revenue grew by ten percent',
      '안녕하세요, 반갑습니다',
      'Le café est fermé le lundi',
    ]);
    await addDocument('s2', 'd2', 'other.md', ['revenue of another session']);
    say('m1', 's1', 'revenue talk in a message, not a document');
  });

  const chunkIds = async (query: string, topN = 5) => (await search.searchDocuments('s1', query, topN)).map((hit) => hit.chunkId);

  it('ranks the passages of one session only, with their text and lines', async () => {
    const hits = await search.searchDocuments('s1', 'revenue', 5);
    expect(hits.map((hit) => hit.chunkId)).toEqual(['d1-c0']);
    expect(hits[0]).toMatchObject({ contentId: 'd1', filename: 'report.md', startLine: 1, endLine: 1 });
    expect(hits[0].text).toContain('quarterly revenue');
    expect(hits[0].score).toBeGreaterThan(0);
  });

  it('matches any word of a question, by prefix, with typos, across accents and in Korean', async () => {
    expect(await chunkIds('what about revenue and holidays')).toEqual(['d1-c0']);
    expect(await chunkIds('quarter')).toEqual(['d1-c0']);
    expect(await chunkIds('revnue')).toEqual(['d1-c0']);
    expect(await chunkIds('cafe ferme')).toEqual(['d1-c2']);
    expect(await chunkIds('안녕')).toEqual(['d1-c1']);
  });

  it('sees documents added and removed since the last call', async () => {
    expect(await chunkIds('brand')).toEqual([]);
    await addDocument('s1', 'd3', 'new.md', ['brand new text']);
    expect(await chunkIds('brand')).toEqual(['d3-c0']);
    repos.contentStore.deleteContent('s1', 'd3');
    changes.emit({ kind: 'content', sessionId: 's1' });
    await tick();
    expect(await chunkIds('brand')).toEqual([]);
  });

  it('refuses an empty query, a bad top_n and an unknown session with a code', async () => {
    await expect(search.searchDocuments('s1', '   ')).rejects.toMatchObject({ code: 'InvalidInput' });
    await expect(search.searchDocuments('s1', 'x', 0)).rejects.toMatchObject({ code: 'InvalidInput' });
    await expect(search.searchDocuments('s1', 'x', 51)).rejects.toMatchObject({ code: 'InvalidInput' });
    await expect(search.searchDocuments('nope', 'x')).rejects.toMatchObject({ code: 'NotFound' });
  });
});
