import { describe, expect, it } from 'vitest';
import { workbookBytes, zipBytes } from '../../../../test-support/make-files';
import { classifyZip, listZipEntries } from './zip-entries';

describe('listZipEntries', () => {
  it('lists the entries of a real workbook', () => {
    const names = listZipEntries(workbookBytes('xlsx', { One: [['a']] }))?.map((entry) => entry.name);
    expect(names).toContain('xl/workbook.xml');
    expect(names).toContain('[Content_Types].xml');
  });

  it('reads an archive that sits inside a larger buffer', () => {
    const zip = zipBytes({ 'a.txt': 'a' });
    const padded = new Uint8Array(zip.length + 20);
    padded.set(zip, 10);
    expect(listZipEntries(padded.subarray(10, 10 + zip.length))?.map((entry) => entry.name)).toEqual(['a.txt']);
  });

  it('returns null for truncated archives and for anything else', () => {
    const xlsx = workbookBytes('xlsx', { One: [['a']] });
    expect(listZipEntries(xlsx.slice(0, xlsx.length - 30))).toBeNull();
    expect(listZipEntries(xlsx.slice(0, 100))).toBeNull();
    expect(listZipEntries(new Uint8Array(0))).toBeNull();
    expect(listZipEntries(new TextEncoder().encode('PK not really'))).toBeNull();
  });
});

describe('classifyZip', () => {
  it('tells workbooks, documents and plain archives apart', () => {
    expect(classifyZip(workbookBytes('xlsx', { One: [['a']] }))).toBe('xlsx');
    expect(classifyZip(workbookBytes('xlsb', { One: [['a']] }))).toBe('xlsb');
    expect(classifyZip(workbookBytes('ods', { One: [['a']] }))).toBe('ods');
    expect(classifyZip(zipBytes({ 'word/document.xml': '<w/>' }))).toBe('docx');
    expect(classifyZip(zipBytes({ 'ppt/presentation.xml': '<p/>' }))).toBe('pptx');
    expect(classifyZip(zipBytes({ mimetype: 'application/vnd.oasis.opendocument.text', 'content.xml': '<c/>' }))).toBe('odt');
    expect(classifyZip(zipBytes({ 'content.xml': '<c/>' }))).toBe('opendocument');
    expect(classifyZip(zipBytes({ 'photo.jpg': 'x', 'notes.txt': 'y' }))).toBe('zip');
  });
});
