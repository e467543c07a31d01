import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { detectType } from './detect-type';
import { extensionOf } from './file-types';
import { ole2Bytes, utf8, workbookBytes, zipBytes } from '../../../../test-support/make-files';

const PDF = utf8('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n');
const XLSX = workbookBytes('xlsx', { One: [['a']] });
const ODS = workbookBytes('ods', { One: [['a']] });
const XLS = workbookBytes('xls', { One: [['a']] });
const DOCX = zipBytes({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document/>' });
const BINARY = Uint8Array.from({ length: 64 }, (_, index) => (index * 37) % 256);

function failure(name: string, bytes: Uint8Array): AppError {
  try {
    detectType(name, bytes);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`${name} was accepted`);
}

describe('detectType', () => {
  it.each([
    ['notes.md', 'text/markdown'],
    ['README', 'text/plain'],
    ['data.json', 'application/json'],
    ['page.HTML', 'text/html'],
    ['main.ts', 'text/x-typescript'],
    ['App.svelte', 'text/x-svelte'],
    ['query.sql', 'application/sql'],
    ['.env', 'text/plain'],
    ['server.log', 'text/plain'],
  ])('reads %s as text (%s)', (name, mimeType) => {
    expect(detectType(name, utf8('hello\n'))).toEqual({ kind: 'text', mimeType });
  });

  it('reads PDFs by their header, with or without the extension', () => {
    expect(detectType('paper.pdf', PDF)).toEqual({ kind: 'pdf', mimeType: 'application/pdf' });
    expect(detectType('download', PDF).kind).toBe('pdf');
    expect(detectType('junk-first.pdf', new Uint8Array([...utf8('garbage\n'), ...PDF])).kind).toBe('pdf');
  });

  it('reads workbooks by their content', () => {
    expect(detectType('book.xlsx', XLSX)).toMatchObject({ kind: 'spreadsheet', format: 'xlsx' });
    expect(detectType('book.ods', ODS)).toEqual({
      kind: 'spreadsheet',
      format: 'ods',
      mimeType: 'application/vnd.oasis.opendocument.spreadsheet',
    });
    expect(detectType('old.xls', XLS)).toEqual({ kind: 'spreadsheet', format: 'xls', mimeType: 'application/vnd.ms-excel' });
    expect(detectType('macro.xlsm', XLSX)).toMatchObject({ format: 'xlsm' });
    // Mislabelled files: the content decides within the spreadsheet kind.
    expect(detectType('export.xls', XLSX)).toMatchObject({ format: 'xlsx' });
    expect(detectType('export.xlsx', ODS)).toMatchObject({ format: 'ods' });
    // No extension at all: only an unmistakable workbook is accepted.
    expect(detectType('attachment', XLSX)).toMatchObject({ kind: 'spreadsheet', format: 'xlsx' });
  });

  it('reads csv and tsv as spreadsheets', () => {
    expect(detectType('people.csv', utf8('a,b\n'))).toEqual({ kind: 'spreadsheet', format: 'csv', mimeType: 'text/csv' });
    expect(detectType('people.tsv', utf8('a\tb\n'))).toMatchObject({ format: 'tsv', mimeType: 'text/tab-separated-values' });
    expect(detectType('tab-export.xls', utf8('a\tb\n'))).toMatchObject({ format: 'xls' });
    expect(detectType('html-export.xls', utf8('  <table><tr><td>1</td></tr></table>'))).toMatchObject({ format: 'xls' });
  });

  it('leaves a truncated workbook to the parser, which reports the damage', () => {
    expect(detectType('cut.xlsx', XLSX.slice(0, 200))).toMatchObject({ kind: 'spreadsheet', format: 'xlsx' });
  });

  it('refuses unknown types as Unsupported before any parsing', () => {
    const error = failure('archive.bin', BINARY);
    expect(error.code).toBe('Unsupported');
    expect(error.message).toMatch(/^Unsupported file type: archive\.bin\. Upload a PDF/);
    expect(failure('notes.xyz', utf8('plain text')).code).toBe('Unsupported');
    expect(failure('Makefile.bak', utf8('all:')).code).toBe('Unsupported');
    expect(failure('legacy', XLS).code).toBe('Unsupported');
  });

  it('gives a specific hint for common unsupported types', () => {
    const error = failure('letter.doc', BINARY);
    expect(error.code).toBe('Unsupported');
    expect(error.message).toContain('Save old Word documents (.doc) as .docx');
    expect(failure('photo.png', BINARY).message).toContain('Images cannot be read');
  });

  it('refuses binary content behind a text extension', () => {
    const error = failure('secret.txt', BINARY);
    expect(error.code).toBe('InvalidInput');
    expect(error.message).toMatch(/^secret\.txt is not a text file: it contains binary data\./);
    expect(failure('paper.txt', PDF).message).toMatch(/it is a PDF\. Rename it to \.pdf/);
    expect(failure('book.json', XLSX).message).toContain('it is an Excel workbook (.xlsx)');
    expect(failure('old.md', XLS).message).toContain('legacy Office file');
    expect(failure('data.csv', BINARY).message).toMatch(/^data\.csv is not a text file/);
  });

  it('refuses content that contradicts a document extension', () => {
    const garbage = failure('sheet.xlsx', BINARY);
    expect(garbage.code).toBe('InvalidInput');
    expect(garbage.message).toMatch(/^sheet\.xlsx is not a readable spreadsheet/);
    expect(failure('sheet.ods', utf8('a,b,c')).message).toMatch(/not a readable spreadsheet/);
    expect(failure('paper.pdf', utf8('not a pdf')).message).toMatch(/^paper\.pdf is not a readable PDF/);
    expect(failure('report.xlsx', DOCX).message).toMatch(/^report\.xlsx is not a spreadsheet: it is a Word document/);
    expect(failure('report.csv', PDF).message).toMatch(/is not a spreadsheet: it is a PDF/);
  });

  it('accepts an OLE2 container (xls or encrypted xlsx) with a spreadsheet extension', () => {
    const encrypted = ole2Bytes({ EncryptionInfo: new Uint8Array(8), EncryptedPackage: new Uint8Array(64) });
    expect(detectType('locked.xlsx', encrypted)).toMatchObject({ format: 'xls' });
  });
});

describe('extensionOf', () => {
  it.each([
    ['Report.PDF', 'pdf'],
    ['archive.tar.gz', 'gz'],
    ['.gitignore', 'gitignore'],
    ['Makefile', ''],
    ['folder.v2/notes', ''],
    ['C:\\docs\\a.Md', 'md'],
  ])('%s -> %s', (name, extension) => {
    expect(extensionOf(name)).toBe(extension);
  });
});
