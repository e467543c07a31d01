import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { parseSpreadsheet } from './parse-spreadsheet';
import { ole2Bytes, utf8, workbookBytes } from '../../../../test-support/make-files';

const TWO_SHEETS = {
  Sales: [
    ['Region', 'Amount', 'Note'],
    ['North', 1200, 'ok, checked'],
    ['South', 3.5, 'said "fine"'],
  ],
  'Second sheet': [['only'], [], ['after a blank row']],
};

const EXPECTED_TWO_SHEETS = [
  '## Sheet: Sales',
  'Region,Amount,Note',
  'North,1200,"ok, checked"',
  'South,3.5,"said ""fine"""',
  '## Sheet: Second sheet',
  'only',
  'after a blank row',
].join('\n');

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('parsed');
}

describe('parseSpreadsheet', () => {
  it('reads every sheet of an xlsx as a titled CSV section', async () => {
    const parsed = await parseSpreadsheet('book.xlsx', workbookBytes('xlsx', TWO_SHEETS), 'xlsx', { maxRows: 100 });
    expect(parsed.text).toBe(EXPECTED_TWO_SHEETS);
    expect(parsed.lineCount).toBe(7);
    expect(parsed.segments).toEqual([
      { startLine: 1, endLine: 4, sheet: 'Sales' },
      { startLine: 5, endLine: 7, sheet: 'Second sheet' },
    ]);
  });

  it('reads ods and xls the same way', async () => {
    for (const format of ['ods', 'xls'] as const) {
      const parsed = await parseSpreadsheet(`book.${format}`, workbookBytes(format, TWO_SHEETS), format, { maxRows: 100 });
      expect(parsed.text).toBe(EXPECTED_TWO_SHEETS);
    }
  });

  it('keeps a cell with a line break inside one quoted field, over two lines', async () => {
    const bytes = workbookBytes('xlsx', {
      Notes: [
        ['id', 'text'],
        [1, 'first line\nsecond line'],
      ],
    });
    const parsed = await parseSpreadsheet('notes.xlsx', bytes, 'xlsx', { maxRows: 10 });
    expect(parsed.text).toBe('## Sheet: Notes\nid,text\n1,"first line\nsecond line"');
    expect(parsed.segments).toEqual([{ startLine: 1, endLine: 4, sheet: 'Notes' }]);
  });

  it('marks an empty sheet instead of leaving its heading bare', async () => {
    const bytes = workbookBytes('xlsx', { Data: [['x']], Empty: [] });
    const parsed = await parseSpreadsheet('book.xlsx', bytes, 'xlsx', { maxRows: 10 });
    expect(parsed.text).toBe('## Sheet: Data\nx\n## Sheet: Empty\n(empty sheet)');
  });

  it('parses csv with quoted commas, quotes and line breaks, keeping values as written', async () => {
    const csv = 'name,note,when,code\r\n"Smith, J","He said ""hi""\nthen left",1/2/2024,00123\r\nLee,plain,2024-03-01,=1+1\r\n';
    const parsed = await parseSpreadsheet('people.csv', utf8(csv), 'csv', { maxRows: 10 });
    expect(parsed.text).toBe(
      ['name,note,when,code', '"Smith, J","He said ""hi""', 'then left",1/2/2024,00123', 'Lee,plain,2024-03-01,=1+1'].join('\n'),
    );
    expect(parsed.segments).toEqual([]); // one unnamed sheet: no heading, no sheet name
  });

  it('reads UTF-8 csv text, including a byte order mark and CJK', async () => {
    const parsed = await parseSpreadsheet('kr.csv', new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('이름,도시\n김,서울\n')]), 'csv', {
      maxRows: 10,
    });
    expect(parsed.text).toBe('이름,도시\n김,서울');
  });

  it('reads tsv with commas inside cells', async () => {
    const parsed = await parseSpreadsheet('t.tsv', utf8('a\tb, c\n1\t2\n'), 'tsv', { maxRows: 10 });
    expect(parsed.text).toBe('a,"b, c"\n1,2');
  });

  it('refuses more rows than the limit, counted over all sheets', async () => {
    const rows = (count: number) => Array.from({ length: count }, (_, index) => [index]);
    const bytes = workbookBytes('xlsx', { A: rows(6), B: rows(5) });
    await expect(parseSpreadsheet('big.xlsx', bytes, 'xlsx', { maxRows: 11 })).resolves.toMatchObject({ lineCount: 13 });
    const error = await failure(parseSpreadsheet('big.xlsx', bytes, 'xlsx', { maxRows: 10 }));
    expect(error.code).toBe('InvalidInput');
    expect(error.message).toBe(
      'big.xlsx has more rows than the limit of 10 (all sheets together). ' +
        'Remove rows or split it into smaller files, or raise the limit in Settings.',
    );
    const csv = utf8(rows(2001).join('\n'));
    expect((await failure(parseSpreadsheet('big.csv', csv, 'csv', { maxRows: 2000 }))).message).toMatch(
      /more rows than the limit of 2,000/,
    );
  });

  it('reports a truncated or garbled workbook as not readable', async () => {
    const xlsx = workbookBytes('xlsx', TWO_SHEETS);
    for (const bytes of [xlsx.slice(0, xlsx.length / 2), xlsx.slice(0, 300), new Uint8Array([0x50, 0x4b, 3, 4, 9, 9, 9])]) {
      const error = await failure(parseSpreadsheet('broken.xlsx', bytes, 'xlsx', { maxRows: 10 }));
      expect(error.code).toBe('InvalidInput');
      expect(error.message).toMatch(/^broken\.xlsx is not a readable spreadsheet: .* save it again as \.xlsx or \.csv/);
      expect(error.cause).toBeInstanceOf(Error);
    }
  });

  it('reports an encrypted workbook as password protected', async () => {
    const encrypted = ole2Bytes({
      EncryptionInfo: new Uint8Array([4, 0, 4, 0, 0x40, 0, 0, 0]),
      EncryptedPackage: new Uint8Array(64),
    });
    const error = await failure(parseSpreadsheet('locked.xlsx', encrypted, 'xls', { maxRows: 10 }));
    expect(error.code).toBe('Unsupported');
    expect(error.message).toMatch(/^locked\.xlsx is password protected\. Remove the password/);
  });

  it('refuses a workbook with no cells at all', async () => {
    const error = await failure(parseSpreadsheet('blank.xlsx', workbookBytes('xlsx', { A: [], B: [] }), 'xlsx', { maxRows: 10 }));
    expect(error.message).toBe('blank.xlsx has nothing to read: none of its sheets has any cells.');
  });

  it('refuses a csv that is not UTF-8', async () => {
    const error = await failure(parseSpreadsheet('latin1.csv', new Uint8Array([0x63, 0x61, 0x66, 0xe9]), 'csv', { maxRows: 10 }));
    expect(error.message).toMatch(/not a text file in UTF-8/);
  });

  it('stops when the upload is cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const bytes = workbookBytes('xlsx', TWO_SHEETS);
    await expect(parseSpreadsheet('book.xlsx', bytes, 'xlsx', { maxRows: 10, signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});
