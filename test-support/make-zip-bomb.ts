/**
 * Hostile ZIP archives for the unpacking budget's tests, made without ever holding what they
 * inflate to: a raw DEFLATE stream of zeros written by hand (one fixed-Huffman block of
 * 258-byte copies, 13 bits each), and archives whose directory declares whatever sizes a test
 * wants. Test code only.
 */

/** A raw DEFLATE stream that inflates to `size` zero bytes (about size / 160 bytes long). */
export function zeroDeflate(size: number): Uint8Array {
  const bits = new BitWriter(Math.ceil(size / 150) + 300);
  bits.write(1, 1); // BFINAL
  bits.write(1, 2); // BTYPE 01: fixed Huffman codes
  let left = size;
  const literalZero = () => bits.writeCode(0b00110000, 8);
  if (left > 0) {
    literalZero();
    left--;
  }
  for (; left >= 258; left -= 258) {
    bits.writeCode(0b11000101, 8); // length 258 (symbol 285)
    bits.writeCode(0b00000, 5); // distance 1
  }
  for (; left > 0; left--) literalZero();
  bits.writeCode(0, 7); // end of block (256)
  return bits.bytes();
}

export interface RawEntry {
  name: string;
  /** The entry's bytes as stored in the archive (compressed when method is 8). */
  data: Uint8Array;
  method: 0 | 8;
  /** What the directory says it inflates to: a test may make it lie. */
  declaredSize: number;
}

/** A ZIP archive of the entries exactly as given (CRCs left 0: the budget refuses before any check). */
export function rawZip(entries: RawEntry[]): Uint8Array {
  const encoder = new TextEncoder();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = encoder.encode(entry.name);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, entry.method, true);
    lv.setUint32(18, entry.data.length, true);
    lv.setUint32(22, entry.declaredSize, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, entry.method, true);
    cv.setUint32(20, entry.data.length, true);
    cv.setUint32(24, entry.declaredSize, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local, entry.data);
    centrals.push(central);
    offset += local.length + entry.data.length;
  }
  const directorySize = centrals.reduce((total, part) => total + part.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, directorySize, true);
  ev.setUint32(16, offset, true);
  const parts = [...locals, ...centrals, end];
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Bits in DEFLATE's order: values least significant bit first, Huffman codes most significant first. */
class BitWriter {
  private readonly buffer: Uint8Array;
  private bit = 0;

  constructor(capacity: number) {
    this.buffer = new Uint8Array(capacity);
  }

  write(value: number, count: number): void {
    for (let index = 0; index < count; index++) {
      if ((value >> index) & 1) this.buffer[this.bit >> 3] |= 1 << (this.bit & 7);
      this.bit++;
    }
  }

  writeCode(code: number, length: number): void {
    for (let index = length - 1; index >= 0; index--) this.write((code >> index) & 1, 1);
  }

  bytes(): Uint8Array {
    // One spare byte: inflaters may look a few bits past the end-of-block code.
    return this.buffer.slice(0, ((this.bit + 7) >> 3) + 1);
  }
}
