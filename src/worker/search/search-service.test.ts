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
import { MemoryFolders } from '../../../test-support/memory-folders';
import { damageSearchIndex } from './index-damage';
import { checkIntegrity } from '../db/integrity-check';
import { indexPathOf } from './index-rows';
import { SearchService, type SearchHit } from './search-service';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

let sql: SqlClient;
let repos: Repositories;
let folders: MemoryFolders;
let changes: ChangeFeed;
let search: SearchService;
const clock = testClock();

function startService(): SearchService {
  changes = new ChangeFeed();
  return new SearchService(sql, repos, folders, changes);
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

  it('finds messages that hold NUL characters or lone surrogates by every word', async () => {
    say('nul', 's1', 'before\u0000between\u0000\u0000after\n\nmarkernul');
    say('lone', 's1', 'lone high \ud800 lone low \udfff and a pair 😀\n\nmarkerlone');
    await search.drain();
    expect(await find('markernul')).toEqual(['nul']);
    expect(await find('after')).toEqual(['nul']);
    expect(await find('markerlone')).toEqual(['lone']);
    // And before they are indexed, as waiting writes.
    say('nul2', 's1', 'first\u0000second markernul');
    expect((await find('markernul')).sort()).toEqual(['nul', 'nul2']);
  });

  it('forgives a typo in a longer word and matches the word being typed as a prefix', async () => {
    say('m1', 's1', 'the configuration file is missing');
    expect(await find('configuraton')).toEqual(['m1']);
    expect(await find('config')).toEqual(['m1']);
  });

  it('ranks a message about the term above one that mentions it in passing', async () => {
    say('long', 's1', `lisbon ${'and many other words about other cities '.repeat(10)}`);
    say('short', 's1', 'lisbon lisbon trip');
    // BM25 needs a corpus where the word is not in half of everything (its idf would be nil).
    for (let i = 0; i < 4; i++) say(`other-${i}`, 's2', `porto and madrid number ${i}`);
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

  it('answers from what is indexed while a large backlog is built, newest first, and reports what waits', async () => {
    const many = Array.from({ length: 4_500 }, (_, i) =>
      makeMessage({
        id: `bulk-${i}`,
        sessionId: 's1',
        content: `bulk message ${i} ${i % 1_000 === 7 ? 'needle' : 'hay'}`,
        createdAt: i,
      }),
    );
    repos.messages.insertMany(many);
    const during = await search.query({ text: 'needle' });
    expect(during.pending).toBe(4_500);
    await search.drain();
    const after = await search.query({ text: 'needle' });
    expect(after.pending).toBe(0);
    expect(ids(after.hits).sort()).toEqual(['bulk-1007', 'bulk-2007', 'bulk-3007', 'bulk-4007', 'bulk-7']);
    expect(search.status().find((row) => row.sessionId === 's1')).toMatchObject({ docCount: 4_500, dirty: false });
  });

  it('searches a few waiting writes as if indexed, with the scores they get once they are, and indexes them later', async () => {
    for (let i = 0; i < 6; i++) say(`old-${i}`, 's2', `kestrel notes number ${i} ${'filler '.repeat(i)}`);
    await search.drain();
    say('new', 's1', 'kestrel kestrel sighted near the quarry');
    repos.messages.insert({ ...repos.messages.get('old-3'), content: 'rewritten: no bird here' });
    const waitingBefore = Number(sql.value('SELECT COUNT(1) FROM search_queue'));
    const asIf = await search.query({ text: 'kestrel' });
    // Found without being indexed: the queue still holds both writes, and nothing is missing.
    expect(Number(sql.value('SELECT COUNT(1) FROM search_queue'))).toBe(waitingBefore);
    expect(waitingBefore).toBe(2);
    expect(asIf.pending).toBe(0);
    expect(ids(asIf.hits)).not.toContain('old-3');
    expect(ids(asIf.hits)[0]).toBe('new');
    // A word no indexed row holds expands as the user types it.
    expect(await find('quarr')).toEqual(['new']);
    await search.drain();
    expect(Number(sql.value('SELECT COUNT(1) FROM search_queue'))).toBe(0);
    const indexed = await search.query({ text: 'kestrel' });
    expect(indexed.hits.map((hit) => [ids([hit])[0], hit.score])).toEqual(asIf.hits.map((hit) => [ids([hit])[0], hit.score]));
  });

  it('answers from the index as it is when no waiting write could be a hit', async () => {
    for (let i = 0; i < 6; i++) say(`old-${i}`, 's2', `plover notes number ${i} ${'filler '.repeat(i)}`);
    await search.drain();
    const before = await search.query({ text: 'plover' });
    say('new', 's1', 'nothing about that bird');
    const during = await search.query({ text: 'plover' });
    expect(Number(sql.value('SELECT COUNT(1) FROM search_queue'))).toBe(1);
    expect(during.pending).toBe(0);
    expect(during.hits.map((hit) => [ids([hit])[0], hit.score])).toEqual(before.hits.map((hit) => [ids([hit])[0], hit.score]));
    expect(await find('bird')).toEqual(['new']);
  });

  it('a message deleted and another added in the same gap are both seen', async () => {
    say('m1', 's1', 'zebra crossing');
    expect(await find('zebra')).toEqual(['m1']);
    repos.messages.deleteById('m1');
    say('m2', 's1', 'zebra stripes');
    expect(await find('zebra')).toEqual(['m2']);
  });
});

describe('the index in the database', () => {
  it('records each complete session in message_index_meta, exactly', async () => {
    say('m1', 's1', 'alpha');
    say('m2', 's1', 'beta');
    await addDocument('s1', 'd1', 'notes.txt', ['gamma']);
    expect(repos.messages.isIndexDirty('s1')).toBe(true);
    expect(search.status().find((row) => row.sessionId === 's1')?.dirty).toBe(true);
    expect(await search.runIndexingPass()).toBe(3);
    const meta = repos.messages.getIndexMeta('s1');
    expect(meta).toMatchObject({ indexPath: indexPathOf('s1'), docCount: 3, lastIndexedAt: clock.now(), indexVersion: 2 });
    expect(meta?.lastRebuildDurationMs).toBeGreaterThanOrEqual(0);
    expect(repos.messages.isIndexDirty('s1')).toBe(false);
    expect(search.status().find((row) => row.sessionId === 's1')?.dirty).toBe(false);
    expect(await search.runIndexingPass()).toBe(0);
  });

  it('after a restart has nothing to load but words, and takes in only what changed since', async () => {
    say('m1', 's1', 'saved before the restart');
    say('m0', 's1', 'kept across the restart');
    await search.runIndexingPass();
    say('m2', 's1', 'written after the last pass');
    repos.messages.deleteById('m1');
    search.close();
    search = startService();
    expect(await search.runIndexingPass()).toBe(2);
    expect(await find('restart')).toEqual(['m0']);
    expect(await find('written')).toEqual(['m2']);
  });

  // The same damage as the e2e hook's (index-damage.ts): a small index as in the e2e test, and a larger one.
  it.each([2, 300])('a damaged index (%i messages) is emptied and rebuilt from the database, never fatal', async (count) => {
    for (let i = 0; i < count; i++) say(`m${i}`, 's1', `resilient indexes number ${i} ${'filler words '.repeat(i % 7)}`);
    await search.runIndexingPass();
    expect(damageSearchIndex(sql)).toBeGreaterThan(0);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    search.close();
    search = startService();
    const first = await search.query({ text: 'resilient' });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('damaged'), expect.objectContaining({ code: 'Corrupt' }));
    // The query that met the damage answers from the emptied index, and says what it has yet to take in.
    expect(first.hits.length + first.pending).toBeGreaterThan(0);
    await search.drain();
    expect((await search.query({ text: 'resilient', limit: 200 })).hits).toHaveLength(Math.min(count, 200));
    expect(await find(`number ${count - 1}`)).toEqual([`m${count - 1}`]);
    warn.mockRestore();
  });

  it('a damaged index met while searching waiting writes as if indexed is rebuilt, not inserted whole into a savepoint', async () => {
    for (let i = 0; i < 300; i++) say(`m${i}`, 's1', `sturdy words number ${i}`);
    await search.runIndexingPass();
    expect(damageSearchIndex(sql)).toBeGreaterThan(0);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    search.close();
    search = startService();
    say('fresh', 's1', 'sturdy and fresh');
    const first = await search.query({ text: 'sturdy' });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('damaged'), expect.objectContaining({ code: 'Corrupt' }));
    // It answers from the emptied index and says what waits.
    expect(first.hits).toEqual([]);
    expect(first.pending).toBe(301);
    await search.drain();
    expect((await search.query({ text: 'sturdy', limit: 200 })).hits).toHaveLength(200);
    expect(await find('fresh')).toEqual(['fresh']);
    warn.mockRestore();
  });

  it('a start does not read the search index through: its damage is found by the first query and rebuilt', async () => {
    for (let i = 0; i < 30; i++) say(`m${i}`, 's1', `resilient indexes number ${i}`);
    await search.runIndexingPass();
    expect(damageSearchIndex(sql)).toBeGreaterThan(0);
    search.close();
    expect(checkIntegrity(sql, 'quick_check')).toEqual([]);
    expect(() => prepareDatabase(sql, MIGRATIONS)).not.toThrow(); // what the next start of the same file does
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    search = startService();
    await search.query({ text: 'resilient' });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('damaged'), expect.objectContaining({ code: 'Corrupt' }));
    warn.mockRestore();
    await search.drain();
    expect(await find('number 17')).toEqual(['m17']);
  });

  it('a closed service (after a restore) takes nothing in and stops its work', async () => {
    say('m1', 's1', 'replaced data');
    search.close();
    expect(await search.runIndexingPass()).toBe(0);
    expect(Number(sql.value('SELECT COUNT(1) FROM search_queue'))).toBe(1);
  });

  it('"rebuild now" rebuilds from the database and reports the status', async () => {
    say('m1', 's1', 'one');
    say('m2', 's2', 'two');
    await addDocument('s2', 'd1', 'three.txt', ['three']);
    const status = await search.rebuild();
    expect(status.map((row) => [row.sessionName, row.docCount, row.dirty]).sort()).toEqual([
      ['Travel plans', 1, false],
      ['Work', 2, false],
    ]);
    expect(await find('three')).toEqual(['d1-c0']);
    const one = await search.rebuild('s2');
    expect(one.find((row) => row.sessionId === 's2')).toMatchObject({ docCount: 2, dirty: false });
    expect(await find('two')).toEqual(['m2']);
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
