import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { decodeText, looksBinary, SNIFF_BYTES } from './decode-text';

const encode = (text: string) => new TextEncoder().encode(text);

function utf16(text: string, littleEndian: boolean): Uint8Array {
  const bytes = new Uint8Array(2 + text.length * 2);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, 0xfeff, littleEndian);
  for (let index = 0; index < text.length; index++) view.setUint16(2 + index * 2, text.charCodeAt(index), littleEndian);
  return bytes;
}

function failure(bytes: Uint8Array): AppError {
  try {
    decodeText('upload.txt', bytes);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('decoded');
}

describe('decodeText', () => {
  it('decodes UTF-8, including CJK and emoji', () => {
    expect(decodeText('a.txt', encode('héllo 안녕하세요 😀\r\nline 2'))).toBe('héllo 안녕하세요 😀\r\nline 2');
  });

  it('strips a UTF-8 byte order mark, and only that', () => {
    expect(decodeText('a.txt', new Uint8Array([0xef, 0xbb, 0xbf, ...encode('\ufeffx')]))).toBe('\ufeffx');
    expect(decodeText('a.txt', new Uint8Array([0xef, 0xbb, 0xbf]))).toBe('');
  });

  it('decodes UTF-16 when a byte order mark says so', () => {
    expect(decodeText('a.txt', utf16('Windows 😀 text', true))).toBe('Windows 😀 text');
    expect(decodeText('a.txt', utf16('big endian', false))).toBe('big endian');
  });

  it('refuses NUL bytes as binary data', () => {
    const error = failure(new Uint8Array([0x68, 0x69, 0x00, 0x01]));
    expect(error.code).toBe('InvalidInput');
    expect(error.message).toMatch(/^upload\.txt is not a text file: it contains binary data\./);
  });

  it('refuses invalid UTF-8 with advice', () => {
    const error = failure(new Uint8Array([0x63, 0x61, 0x66, 0xe9])); // "café" in Windows-1252
    expect(error.code).toBe('InvalidInput');
    expect(error.message).toMatch(/^upload\.txt is not a text file in UTF-8: .* Save it as UTF-8 text/);
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(failure(new Uint8Array([0xf0, 0x9f, 0x98])).code).toBe('InvalidInput'); // a cut-off emoji
  });

  it('refuses UTF-16 that decodes to NUL characters (UTF-32, binary)', () => {
    expect(failure(new Uint8Array([0xff, 0xfe, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00])).message).toMatch(/binary data/);
  });
});

describe('looksBinary', () => {
  it('only looks at the first kilobytes', () => {
    const late = new Uint8Array(SNIFF_BYTES + 10).fill(0x61);
    late[SNIFF_BYTES + 5] = 0;
    expect(looksBinary(late)).toBe(false);
    late[SNIFF_BYTES - 1] = 0;
    expect(looksBinary(late)).toBe(true);
  });
});
