import { describe, expect, it } from 'vitest';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { utf8, workbookBytes } from '../../../../test-support/make-files';
import { parseDocument } from './parse-document';
import { countCells } from './sheet-cells';
import type { AppError } from '../../../shared/errors';

/** An .ods written by SheetJS, its one sheet's rows replaced by `rows` (their XML). */
function ods(rows: string): Uint8Array {
  const content = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Sheet1">${rows}</table:table></office:spreadsheet></office:body></office:document-content>`;
  return zipSync({ ...unzipSync(workbookBytes('ods', { Sheet1: [['x']] })), 'content.xml': strToU8(content) });
}

const cell = (text: string, repeat = 1) =>
  `<table:table-cell office:value-type="string" table:number-columns-repeated="${repeat}"><text:p>${text}</text:p></table:table-cell>`;
const row = (cells: string, repeat = 1) => `<table:table-row table:number-rows-repeated="${repeat}">${cells}</table:table-row>`;
/** What LibreOffice writes for the empty rest of a sheet. */
const EMPTY_REST = row('<table:table-cell table:number-columns-repeated="1024"/>', 1048574);

const parse = (name: string, bytes: Uint8Array) =>
  parseDocument({ name, bytes }).then(
    (parsed) => parsed.text,
    (error: unknown) => error as AppError,
  );

describe('countCells', () => {
  it('counts every <c> of an xlsx, with or without a prefix, and nothing else', () => {
    const parts = Object.values(unzipSync(workbookBytes('xlsx', { One: [['a', 1, 2], ['b']], Two: [['c']] })));
    expect(countCells(parts, 1000)).toBe(5);
    expect(countCells([utf8('<x:c r="A1"/><c>1</c><cols/><c:chart/><row><c\tr="B2"/>')], 1000)).toBe(3);
  });

  it('counts the repeats of an ods as SheetJS stores them, and stops past the limit', () => {
    const bytes = (rows: string) => Object.values(unzipSync(ods(rows)));
    expect(countCells(bytes(row(cell('a', 3), 2) + EMPTY_REST), 1e9)).toBe(7); // 6, and 1 for the empty self-closing cell
    expect(countCells(bytes(row(cell('a', 1000), 1e6)), 1e9)).toBe(1e9);
    // Spellings SheetJS reads too: another prefix, a suffix, capitals, a number in exponent form.
    expect(countCells(bytes(`<t:table-row t:NUMBER-ROWS-REPEATED="1e6">${cell('a', 10)}</t:table-row>`), 1e9)).toBe(1e7);
    // A comment SheetJS removes before reading cannot hide a tag.
    expect(
      countCells(bytes(`<table:table-row table:number-rows-repeated="1000"><!-- -->${cell('a', 1000)}</table:table-row>`), 10),
    ).toBeGreaterThan(10);
  });
});

describe('spreadsheets whose cells would exhaust the tab', () => {
  it('an .ods repeating one cell a billion times is refused before SheetJS reads it; the same layout in small is read', async () => {
    // (SheetJS stores the repeated columns but leaves them out of the sheet's range, so of its CSV.)
    expect(await parse('small.ods', ods(row(cell('hi', 2), 2) + EMPTY_REST))).toMatch(/^## Sheet: Sheet1\nhi/);
    expect(await parse('bomb.ods', ods(row(cell('hi', 1000), 1_000_000)))).toMatchObject({
      code: 'InvalidInput',
      message:
        'bomb.ods has more than 5,000,000 cells, the most LibrAgent reads from one file. Split it into smaller files, or save its sheets as .csv and upload those.',
    });
  });
});
