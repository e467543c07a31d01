import { describe, expect, it } from 'vitest';
import { MCP_SECRET, MCP_URL_TOKEN, SECRET_KEY, seedWorkspace } from '../backup/test-data';
import { expectCode } from '../../db/contract/fixtures';
import { openTestClient } from '../../db/test-support';
import { makeArchive } from './archive';
import { chatGptSample } from '../../../../test-support/chatgpt-sample';
import { fromChatGpt, isChatGptExport } from './chatgpt';
import { importArchive } from './import-archive';
import { sessionToMarkdown } from './markdown';
import { parseArchive } from './parse-archive';
import { readAllSessions, readArchiveSession } from './read-archive';

const count = (sql: Awaited<ReturnType<typeof openTestClient>>, table: string) =>
  Number(sql.value(`SELECT COUNT(1) FROM ${table}`));

describe('JSON export and import', () => {
  it('round-trips every session with its messages, documents and chunks, and never holds an API key', async () => {
    const source = await openTestClient();
    seedWorkspace(source);
    const text = JSON.stringify(makeArchive(readAllSessions(source)));
    expect(text).not.toContain(SECRET_KEY);
    expect(text).not.toContain('apiKey');
    expect(text).not.toContain(MCP_SECRET);
    expect(text).not.toContain(MCP_URL_TOKEN);

    const target = await openTestClient();
    const result = importArchive(target, parseArchive(JSON.parse(text)));
    expect(result).toMatchObject({ sessions: 2, messages: 4, documents: 1 });
    // Everything but the default assistant's own creation time, which belongs to each database.
    const comparable = (sql: typeof source) =>
      readAllSessions(sql).map(({ assistant, ...rest }) => ({ ...rest, assistant: assistant?.id }));
    expect(comparable(target)).toEqual(comparable(source));
  });

  it('gives an imported session new ids throughout when its ids are taken', async () => {
    const sql = await openTestClient();
    seedWorkspace(sql);
    const archive = parseArchive(JSON.parse(JSON.stringify(makeArchive([readArchiveSession(sql, 's1')]))));
    let next = 0;
    const result = importArchive(sql, archive, () => `new-${++next}`);
    const copy = readArchiveSession(sql, result.sessionIds[0]);
    expect(copy.session.id).not.toBe('s1');
    expect(copy.messages.map((message) => message.content)).toEqual(['hello', 'hi **there**', 'see file']);
    expect(copy.contents[0].id).not.toBe('c1');
    expect(copy.contents[0].chunks.map((chunk) => chunk.text)).toEqual(['line one\nline two', 'line 3']);
    // The attachment follows its document to the new id.
    expect(copy.messages[2].attachments?.[0].contentId).toBe(copy.contents[0].id);
    expect(readArchiveSession(sql, 's1').messages).toHaveLength(3);
  });

  it('refuses a bad file with a clear error and writes nothing', async () => {
    const sql = await openTestClient();
    seedWorkspace(sql);
    const good = JSON.parse(JSON.stringify(makeArchive(readAllSessions(sql)))) as {
      sessions: { messages: { content: unknown }[] }[];
    };
    expectCode(() => parseArchive({ hello: 'world' }), 'InvalidInput');
    expectCode(() => parseArchive({ ...good, version: 99 }), 'InvalidInput');
    good.sessions[1].messages[0].content = 42;
    expect(() => parseArchive(good)).toThrow(/Session 2: message 1: content/);

    // A failure while writing (here: one chunk id twice in the file) rolls the whole import back.
    const target = await openTestClient();
    const archive = parseArchive(JSON.parse(JSON.stringify(makeArchive(readAllSessions(sql)))));
    archive.sessions[1].contents.push({ ...archive.sessions[0].contents[0], id: 'c-other' });
    archive.sessions[1].store = null;
    expect(() => importArchive(target, archive)).toThrow();
    expect(count(target, 'sessions')).toBe(0);
    expect(count(target, 'messages')).toBe(0);
  });
});

describe('ChatGPT import', () => {
  it('imports the visible branch of each conversation, skipping system, hidden and empty messages, keeping times', async () => {
    const sample = chatGptSample();
    expect(isChatGptExport(sample)).toBe(true);
    expect(isChatGptExport([{ format: 'x' }])).toBe(false);
    const sql = await openTestClient();
    importArchive(sql, parseArchive(JSON.parse(JSON.stringify(fromChatGpt(sample)))));
    const [lisbon, untitled] = readAllSessions(sql);
    expect(lisbon.session.name).toBe('Trip to Lisbon');
    expect(lisbon.session.createdAt).toBe(1_700_000_000_500);
    expect(lisbon.messages.map((message) => [message.role, message.content, message.createdAt])).toEqual([
      ['user', 'What should I see in Lisbon?', 1_700_000_100_000],
      ['assistant', 'Belém Tower and the **Alfama**.', 1_700_000_120_000],
      ['user', 'And to eat?', 1_700_000_200_000],
      ['assistant', 'Pastéis de nata.', 1_700_000_210_000],
    ]);
    expect(untitled.session.name).toBe('ChatGPT conversation 2');
    expect(untitled.messages.map((message) => message.content)).toEqual(['Look at this']);
    expectCode(() => fromChatGpt({ not: 'a list' }), 'InvalidInput');
  });
});

describe('Markdown export', () => {
  it('writes the messages in order with who said them, and lists the documents', async () => {
    const sql = await openTestClient();
    seedWorkspace(sql);
    const markdown = sessionToMarkdown(readArchiveSession(sql, 's1'));
    expect(markdown).toMatch(/^# Session s1\n/);
    expect(markdown.indexOf('## You')).toBeLessThan(markdown.indexOf('## Assistant'));
    expect(markdown).toContain('hi **there**');
    expect(markdown).toContain('> pondering');
    expect(markdown).toContain('Attached: notes.md');
    expect(markdown).toContain('- notes.md (text/markdown, 3 lines)');
  });
});
