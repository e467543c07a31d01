import { createHash } from 'node:crypto';

/**
 * Writes small but real PDF files for the upload tests: text pages in Helvetica, a page of Korean
 * text in a non-embedded CID font (readable only with pdf.js's CMaps, which the app must serve),
 * and a password-protected variant (standard security handler, RC4 40-bit).
 */
export interface PdfPage {
  lines: string[];
  /** Korean text drawn with a CID font and the UniKS-UCS2-H CMap. */
  korean?: string;
}

const PAD = Buffer.from('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a', 'hex');

export function makePdf(pages: PdfPage[], options: { userPassword?: string } = {}): Buffer {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body) && objects.length;
  const catalog = add('');
  const pagesId = add('');
  const helvetica = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const descriptor = add(
    '<< /Type /FontDescriptor /FontName /HYSMyeongJo-Medium /Flags 6 /FontBBox [0 -148 1001 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>',
  );
  const cidFont = add(
    `<< /Type /Font /Subtype /CIDFontType0 /BaseFont /HYSMyeongJo-Medium /CIDSystemInfo << /Registry (Adobe) /Ordering (Korea1) /Supplement 1 >> /FontDescriptor ${descriptor} 0 R /DW 1000 >>`,
  );
  const korean = add(
    `<< /Type /Font /Subtype /Type0 /BaseFont /HYSMyeongJo-Medium /Encoding /UniKS-UCS2-H /DescendantFonts [${cidFont} 0 R] >>`,
  );
  const kids: number[] = [];
  for (const page of pages) {
    let text = 'BT /F1 12 Tf 72 740 Td 14 TL\n';
    for (const line of page.lines) text += `(${line.replace(/[\\()]/g, (c) => `\\${c}`)}) Tj T*\n`;
    if (page.korean) text += `/F2 14 Tf <${Buffer.from(page.korean, 'utf16le').swap16().toString('hex')}> Tj T*\n`;
    text += 'ET';
    const contents = add(`<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`);
    kids.push(
      add(
        `<< /Type /Page /Parent ${pagesId} 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 ${helvetica} 0 R /F2 ${korean} 0 R >> >> /Contents ${contents} 0 R >>`,
      ),
    );
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesId} 0 R >>`;
  objects[pagesId - 1] = `<< /Type /Pages /Kids [${kids.map((id) => `${id} 0 R`).join(' ')}] /Count ${kids.length} >>`;

  const fileId = createHash('md5').update(`libragent-${pages.length}`).digest();
  let trailerExtra = `/ID [<${fileId.toString('hex')}> <${fileId.toString('hex')}>]`;
  if (options.userPassword !== undefined) {
    const encrypt = add(encryptionDictionary(options.userPassword, 'owner-secret', fileId));
    trailerExtra += ` /Encrypt ${encrypt} 0 R`;
  }

  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R ${trailerExtra} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** The standard security handler, revision 2: enough for a reader to ask for the password. */
function encryptionDictionary(user: string, owner: string, fileId: Buffer): string {
  const pad = (password: string) => Buffer.concat([Buffer.from(password, 'latin1'), PAD]).subarray(0, 32);
  const permissions = -44;
  const ownerKey = createHash('md5').update(pad(owner)).digest().subarray(0, 5);
  const O = rc4(ownerKey, pad(user));
  const p = Buffer.alloc(4);
  p.writeInt32LE(permissions);
  const key = createHash('md5')
    .update(Buffer.concat([pad(user), O, p, fileId]))
    .digest()
    .subarray(0, 5);
  const U = rc4(key, PAD);
  return `<< /Filter /Standard /V 1 /R 2 /O <${O.toString('hex')}> /U <${U.toString('hex')}> /P ${permissions} >>`;
}

function rc4(key: Buffer, data: Buffer): Buffer {
  const s = Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i] + key[i % key.length]) & 255;
    [s[i], s[j]] = [s[j], s[i]];
  }
  const out = Buffer.alloc(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 255;
    j = (j + s[i]) & 255;
    [s[i], s[j]] = [s[j], s[i]];
    out[n] = data[n] ^ s[(s[i] + s[j]) & 255];
  }
  return out;
}
