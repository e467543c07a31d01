import { describe, expect, it } from 'vitest';
import { readJsonLines } from './ndjson';
import { byteByByte, collect, streamOf, utf8 } from '../../../../test-support/stream-server';

describe('readJsonLines', () => {
  it('yields one value per line, skipping blank lines, however the bytes are split', async () => {
    const text = '{"message":{"content":"hé"},"done":false}\r\n\n{"done":true}';
    const expected = [{ message: { content: 'hé' }, done: false }, { done: true }];
    expect(await collect(readJsonLines(streamOf([utf8(text)])))).toEqual(expected);
    expect(await collect(readJsonLines(streamOf(byteByByte(text))))).toEqual(expected);
  });

  it('names the line that is not JSON', async () => {
    await expect(collect(readJsonLines(streamOf([utf8('{"a":1}\n{oops\n')])))).rejects.toThrow(
      /^Line 2 of the stream is not valid JSON/,
    );
  });
});
