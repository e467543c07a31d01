import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { makeDocx } from '../../../../test-support/make-docx';
import { splitLines } from '../lines';
import { htmlToText } from './html-to-text';
import { DEFAULT_LIMITS } from '../limits';
import { parseDocument } from './parse-document';

const SAMPLE = makeDocx([
  { heading: 1, text: 'Quarterly report' },
  { text: 'Revenue grew in every region.' },
  { heading: 2, text: '東京の売上' },
  { text: '売上は前年比で二割増えました。' },
  {
    table: [
      ['Region', 'Revenue'],
      ['Tokyo | HQ', '1,200'],
      ['大阪', '800'],
    ],
  },
  { text: 'End of report.' },
]);

describe('Word documents (.docx)', () => {
  it('become readable text: headings, paragraphs, a table as pipe rows, CJK kept', async () => {
    const parsed = await parseDocument({ name: 'report.docx', bytes: SAMPLE });
    expect(parsed.kind).toBe('docx');
    expect(parsed.mimeType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const lines = splitLines(parsed.text);
    expect(lines).toEqual([
      '# Quarterly report',
      '',
      'Revenue grew in every region.',
      '',
      '## 東京の売上',
      '',
      '売上は前年比で二割増えました。',
      '',
      '| Region | Revenue |',
      '| --- | --- |',
      '| Tokyo \\| HQ | 1,200 |',
      '| 大阪 | 800 |',
      '',
      'End of report.',
    ]);
    expect(parsed.lineCount).toBe(lines.length);
    expect(parsed.chunks.length).toBeGreaterThan(0);
  });

  it('refuses damaged files, other ZIP files and legacy .doc with a clear message', async () => {
    const truncated = SAMPLE.slice(0, SAMPLE.length - 200);
    await expect(parseDocument({ name: 'cut.docx', bytes: truncated })).rejects.toThrow(
      /cut\.docx is not a readable Word document.*save it again as \.docx/,
    );
    const noDocument = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/other.xml': strToU8('<x/>') });
    await expect(parseDocument({ name: 'empty.docx', bytes: noDocument })).rejects.toThrow(/not a readable Word document/);
    const workbook = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'xl/workbook.xml': strToU8('<x/>') });
    await expect(parseDocument({ name: 'sheet.docx', bytes: workbook })).rejects.toThrow(/it is an Excel workbook/);
    await expect(parseDocument({ name: 'plain.docx', bytes: strToU8('just text') })).rejects.toThrow(
      /not a readable Word document/,
    );
    const ole2 = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    await expect(parseDocument({ name: 'old.docx', bytes: ole2 })).rejects.toThrow(/old Word document \(\.doc\)/);
    // A document.xml that is not XML: mammoth fails and the message is the same.
    const broken = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8('<w:document><oops') });
    await expect(parseDocument({ name: 'broken.docx', bytes: broken })).rejects.toThrow(/not a readable Word document/);
  });

  it('applies the same size limit as other files', async () => {
    await expect(
      parseDocument({ name: 'report.docx', bytes: SAMPLE }, { limits: { ...DEFAULT_LIMITS, maxFileBytes: 100 } }),
    ).rejects.toThrow(/the limit is/);
  });

  it('a .docx without the extension is still recognised by its content', async () => {
    expect((await parseDocument({ name: 'report', bytes: SAMPLE })).kind).toBe('docx');
  });
});

describe('htmlToText', () => {
  it('keeps lists, entities and line breaks readable', () => {
    expect(
      htmlToText('<ul><li>one</li><li>two<ol><li>a &amp; b</li></ol></li></ul><p>x<br />y</p><p><img src="" /> &#x4e2d;</p>'),
    ).toBe('- one\n- two\n  1. a & b\n\nx\n\ny\n\n[image] 中');
  });
});
