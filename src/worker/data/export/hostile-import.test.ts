import { describe, expect, it } from 'vitest';
import { seedWorkspace } from '../backup/test-data';
import { openTestClient } from '../../db/test-support';
import { makeArchive } from './archive';
import { chatGptSample } from '../../../../test-support/chatgpt-sample';
import { fromChatGpt } from './chatgpt';
import { importArchive } from './import-archive';
import { parseArchive } from './parse-archive';
import { readAllSessions } from './read-archive';

/* eslint-disable @typescript-eslint/no-explicit-any -- the tests edit a parsed file as loosely as an attacker would */
type Loose = any;

/** A real export of the seeded workspace (its document "notes.md": 3 lines, 2 chunks), as parsed JSON. */
async function exported(): Promise<Loose> {
  const sql = await openTestClient();
  seedWorkspace(sql);
  return JSON.parse(JSON.stringify(makeArchive(readAllSessions(sql))));
}

const document = (file: Loose) => file.sessions.find((entry: Loose) => entry.contents.length > 0).contents[0];

describe('a hostile JSON import is refused before anything is written', () => {
  const cases: [string, (file: Loose) => void, RegExp][] = [
    [
      'a chunk ending past the document',
      (file) => (document(file).chunks[1].endLine = 999),
      /document 1: Chunk 2 ends at line 999, but the text has 3 lines/,
    ],
    ['a chunk starting at line 0', (file) => (document(file).chunks[0].startLine = 0), /Chunk 1 start_line/],
    [
      'a chunk ending before it starts',
      (file) => Object.assign(document(file).chunks[1], { startLine: 3, endLine: 2 }),
      /Chunk 2 ends \(line 2\) before it starts/,
    ],
    [
      'a chunk whose text is not its lines',
      (file) => (document(file).chunks[0].text = 'injected words'),
      /Chunk 1's text is not lines 1 to 2 of the text/,
    ],
    [
      'a line count that lies',
      (file) => (document(file).lineCount = 1_000_000),
      /its lineCount \(1000000\) is not the 3 lines in its text/,
    ],
    ['a chunk count that lies', (file) => (document(file).chunkCount = 7), /its chunkCount \(7\) is not the 2 chunks it lists/],
    [
      'a chunk index that lies',
      (file) => (document(file).chunks[1].chunkIndex = 5),
      /chunk 2: its chunkIndex \(5\) is not its place/,
    ],
    ['two chunks with one id', (file) => (document(file).chunks[1].id = document(file).chunks[0].id), /Chunk 2 repeats the id/],
    ['an overlong file name', (file) => (document(file).filename = 'x'.repeat(10_000)), /filename is longer than 200 characters/],
    [
      'an overlong session name',
      (file) => (file.sessions[0].session.name = 'n'.repeat(10_000)),
      /session name is longer than 200 characters/,
    ],
    ['a negative size', (file) => (document(file).size = -1), /size/],
  ];

  for (const [what, edit, message] of cases) {
    it(`refuses ${what}`, async () => {
      const file = await exported();
      expect(() => parseArchive(file)).not.toThrow();
      edit(file);
      expect(() => parseArchive(file)).toThrow(message);
    });
  }

  it('computes again what is derived from the text: the preview a file states is not kept', async () => {
    const file = await exported();
    document(file).preview = 'something the text does not say';
    const target = await openTestClient();
    importArchive(target, parseArchive(file));
    const imported = readAllSessions(target).flatMap((entry) => entry.contents)[0];
    expect(imported.preview).toBe('line one\nline two\nline 3');
    expect(imported.lineCount).toBe(3);
    expect(imported.chunks.map((chunk) => [chunk.chunkIndex, chunk.startLine, chunk.endLine])).toEqual([
      [0, 1, 2],
      [1, 3, 3],
    ]);
  });

  it('a ChatGPT conversation with a title longer than a session name is imported under the title cut short', async () => {
    const sample = chatGptSample() as Loose[];
    sample[0].title = '🌍'.repeat(150);
    const sql = await openTestClient();
    importArchive(sql, parseArchive(JSON.parse(JSON.stringify(fromChatGpt(sample)))));
    const name = readAllSessions(sql).find((entry) => entry.session.name.startsWith('🌍'))!.session.name;
    expect(name.length).toBeLessThanOrEqual(200);
    expect(name).toBe(`${'🌍'.repeat(99)}…`);
  });
});
