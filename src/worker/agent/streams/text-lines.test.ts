import { describe, expect, it } from 'vitest';
import { LineSplitter, readLines } from './text-lines';
import { byteByByte, collect, streamOf, utf8 } from '../../../../test-support/stream-server';

describe('LineSplitter', () => {
  it.each([
    ['a\nb\r\nc\rd', ['a', 'b', 'c', 'd']],
    ['a\n\nb', ['a', '', 'b']],
    ['a\r\rb', ['a', '', 'b']],
    ['a\n\r\nb', ['a', '', 'b']],
    ['\n', ['']],
    ['', []],
  ])('%j -> %j', (text, lines) => {
    const splitter = new LineSplitter();
    expect([...splitter.push(text), ...splitter.end()]).toEqual(lines);
  });

  it('joins a \\r at the end of one piece with a \\n at the start of the next', () => {
    const splitter = new LineSplitter();
    expect(splitter.push('a\r')).toEqual(['a']);
    expect(splitter.push('\nb\r')).toEqual(['b']);
    expect(splitter.push('\r')).toEqual(['']);
    expect(splitter.end()).toEqual([]);
  });
});

describe('readLines', () => {
  it('decodes characters split across chunks', async () => {
    const text = 'ß😀\r\n한국어\rend';
    expect(await collect(readLines(streamOf(byteByByte(text))))).toEqual(['ß😀', '한국어', 'end']);
  });

  it('turns invalid UTF-8 into replacement characters instead of failing', async () => {
    expect(await collect(readLines(streamOf([Uint8Array.of(0x61, 0xff, 0x0a), utf8('b')])))).toEqual(['a\ufffd', 'b']);
  });
});
