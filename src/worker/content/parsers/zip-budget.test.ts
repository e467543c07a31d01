import { deflateSync, inflateSync, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { rawZip, zeroDeflate, type RawEntry } from '../../../../test-support/make-zip-bomb';
import { makeDocx } from '../../../../test-support/make-docx';
import { utf8, workbookBytes } from '../../../../test-support/make-files';
import { parseDocument } from './parse-document';
import { storedZip, unzipWithinBudget } from './zip-budget';

const MB = 1024 * 1024;
const damaged = (cause?: unknown) => new AppError('InvalidInput', 'damaged', { cause });
const budget = { damaged, advice: 'Split it.' };

function refusal(action: () => unknown): AppError {
  try {
    action();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('not refused');
}

const deflated = (name: string, text: string, declaredSize = utf8(text).length): RawEntry => ({
  name,
  data: deflateSync(utf8(text)),
  method: 8,
  declaredSize,
});

describe('the hand-made DEFLATE stream of the tests', () => {
  it('inflates to exactly the zeros it says', () => {
    for (const size of [0, 1, 258, 259, 100_000]) {
      const out = inflateSync(zeroDeflate(size));
      expect(out.length).toBe(size);
      expect(out.every((byte) => byte === 0)).toBe(true);
    }
  });
});

describe('unzipWithinBudget', () => {
  it('gives back every entry of a real workbook, and its stored copy holds the same', () => {
    const book = workbookBytes('xlsx', { One: [['a', 1]] });
    const parts = unzipWithinBudget('book.xlsx', book, budget);
    const expected = unzipSync(book);
    expect([...parts.keys()].sort()).toEqual(Object.keys(expected).sort());
    for (const [name, data] of parts) expect(data).toEqual(expected[name]);
    expect(unzipSync(storedZip(parts))).toEqual(expected);
  });

  it('refuses from the directory alone an archive declaring more than the budget, in one entry or in all', () => {
    const bomb = rawZip([{ name: 'xl/bomb.xml', data: zeroDeflate(1000), method: 8, declaredSize: 3_000_000_000 }]);
    expect(bomb.length).toBeLessThan(1000);
    const refused = refusal(() => unzipWithinBudget('bomb.xlsx', bomb, budget));
    expect(refused).toMatchObject({
      code: 'InvalidInput',
      message: 'bomb.xlsx unpacks to 2.8 GB; LibrAgent unpacks files of this kind up to 256 MB. Split it.',
    });
    const many = rawZip(
      Array.from({ length: 3 }, (_, index) => ({
        name: `part${index}`,
        data: zeroDeflate(10),
        method: 8 as const,
        declaredSize: 100 * MB,
      })),
    );
    expect(refusal(() => unzipWithinBudget('many.docx', many, budget)).message).toMatch(/unpacks to 300 MB; .*up to 256 MB/);
  });

  it('stops an entry that inflates past the size it declares, at that size', () => {
    // 1.9 MB that inflate to 300 MB, declaring 1,000 bytes.
    const liar = rawZip([
      deflated('[Content_Types].xml', '<x/>'),
      { name: 'xl/big.xml', data: zeroDeflate(300 * MB), method: 8, declaredSize: 1000 },
    ]);
    const refused = refusal(() => unzipWithinBudget('liar.xlsx', liar, budget));
    expect(refused.message).toBe('damaged');
    expect(String((refused.cause as Error).message)).toBe('xl/big.xml inflates to more than it declares.');
  });

  it('refuses entries that inflate to less than they declare, stored ones of another size, other methods, and data outside the archive', () => {
    const cases: [RawEntry[], RegExp][] = [
      [[deflated('a.xml', 'hello', 10)], /inflates to less than it declares/],
      [[{ name: 'a.xml', data: utf8('hello'), method: 0, declaredSize: 4 }], /is not the size it declares/],
      [[{ name: 'a.xml', data: utf8('hello'), method: 12 as never, declaredSize: 5 }], /compressed with method 12/],
      [[deflated('a.xml', 'x'), deflated('a.xml', 'y')], /in the archive twice/],
    ];
    for (const [entries, cause] of cases) {
      const refused = refusal(() => unzipWithinBudget('bad.xlsx', rawZip(entries), budget));
      expect((refused.cause as Error).message).toMatch(cause);
    }
    const outside = rawZip([{ name: 'a.xml', data: utf8('hello'), method: 0, declaredSize: 5 }]);
    new DataView(outside.buffer).setUint32(outside.length - 22 - 46 - 5 + 42, 1_000_000, true);
    expect((refusal(() => unzipWithinBudget('bad.xlsx', outside, budget)).cause as Error).message).toMatch(/lies outside/);
    expect(
      (refusal(() => unzipWithinBudget('bad.xlsx', utf8('PK\x03\x04 no directory'), budget)).cause as Error).message,
    ).toMatch(/directory cannot be read/);
  });
});

describe('uploads that are deflate bombs', () => {
  const parse = (name: string, bytes: Uint8Array) =>
    parseDocument({ name, bytes }).then(
      () => null,
      (error: unknown) => error as AppError,
    );
  const bombEntry: RawEntry = {
    name: 'xl/worksheets/sheet2.xml',
    data: zeroDeflate(10 * MB),
    method: 8,
    declaredSize: 4_000_000_000,
  };
  const liarEntry = (name: string): RawEntry => ({ name, data: zeroDeflate(300 * MB), method: 8, declaredSize: 2000 });

  /** A real file's entries, deflated again as they were, with one hostile entry added. */
  function withEntry(bytes: Uint8Array, extra: RawEntry): Uint8Array {
    const entries = Object.entries(unzipSync(bytes)).map(([name, data]) => ({
      name,
      data: deflateSync(data),
      method: 8 as const,
      declaredSize: data.length,
    }));
    return rawZip([...entries, extra]);
  }

  it('a small .xlsx declaring gigabytes, and one whose header lies, are refused before SheetJS sees them', async () => {
    const book = workbookBytes('xlsx', { One: [['a', 1]] });
    expect(await parse('book.xlsx', withEntry(book, deflated('xl/extra.xml', '<x/>')))).toBeNull();
    expect(await parse('bomb.xlsx', withEntry(book, bombEntry))).toMatchObject({
      code: 'InvalidInput',
      message: expect.stringMatching(
        /^bomb\.xlsx unpacks to 3\.7 GB; LibrAgent unpacks files of this kind up to 256 MB\. Split it/,
      ),
    });
    expect(await parse('liar.xlsx', withEntry(book, liarEntry('xl/worksheets/sheet1.xml')))).toMatchObject({
      code: 'InvalidInput',
      message: expect.stringMatching(/^liar\.xlsx is not a readable spreadsheet/),
    });
  });

  it('a .docx bomb and a .docx whose header lies are refused before mammoth sees them', async () => {
    const docx = makeDocx([{ text: 'Hello' }]);
    expect(await parse('fine.docx', withEntry(docx, deflated('word/extra.xml', '<x/>')))).toBeNull();
    expect(await parse('bomb.docx', withEntry(docx, { ...bombEntry, name: 'word/media/bomb.bin' }))).toMatchObject({
      code: 'InvalidInput',
      message: expect.stringMatching(/^bomb\.docx unpacks to 3\.7 GB; .*Split it into smaller documents/),
    });
    expect(await parse('liar.docx', withEntry(docx, liarEntry('word/document2.xml')))).toMatchObject({
      code: 'InvalidInput',
      message: expect.stringMatching(/^liar\.docx is not a readable Word document/),
    });
  });
});
