import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { documentFileName, sessionFileName } from './file-names';

describe('sessionFileName', () => {
  it('keeps the whole name, with a slash as a space', () => {
    expect(sessionFileName('Tax / questions', ' workspace.zip')).toBe('Tax questions workspace.zip');
    expect(sessionFileName('Q3: plan?', '.md')).toBe('Q3 plan.md');
    expect(sessionFileName('Export / me: Q3', '.json')).toBe('Export me Q3.json');
  });

  it('names an empty or dots-only name "session", and a device name safely', () => {
    expect(sessionFileName('', '.md')).toBe('session.md');
    expect(sessionFileName(' ... ', '.md')).toBe('session.md');
    expect(sessionFileName('CON', '.md')).toBe('CON_.md');
    expect(sessionFileName('notes.', '.md')).toBe('notes.md');
  });

  it('never splits a character when it shortens a long name', () => {
    const name = '😀'.repeat(100);
    expect(sessionFileName(name, '.md')).toBe(`${'😀'.repeat(80)}.md`);
  });

  it('makes a name no file system refuses, from any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (name) => {
        const file = sessionFileName(name, '.md');
        expect(file.endsWith('.md')).toBe(true);
        const stem = file.slice(0, -3);
        expect(stem).not.toMatch(/[\\/:*?"<>|\p{Cc}]/u);
        expect(stem).not.toMatch(/^[\s.]|[\s.]$/);
        expect(stem.length).toBeGreaterThan(0);
        expect([...stem].length).toBeLessThanOrEqual(81);
      }),
    );
  });
});

describe('documentFileName', () => {
  it('drops a folder and keeps refused characters visible as "_"', () => {
    expect(documentFileName('reports/2024/pass|wd.txt')).toBe('pass_wd.txt');
    expect(documentFileName('C:\\Users\\me\\a:b.md')).toBe('a_b.md');
    expect(documentFileName('.hidden')).toBe('hidden');
    expect(documentFileName('')).toBe('document');
  });
});
