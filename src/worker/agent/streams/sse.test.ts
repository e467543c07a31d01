import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readServerSentEvents, type ServerSentEvent } from './sse';
import { byteByByte, collect, splitAt, streamOf, utf8 } from '../../../../test-support/stream-server';

const events = (chunks: Uint8Array[]) => collect(readServerSentEvents(streamOf(chunks)));

const SAMPLE =
  ': keep-alive\r\n' +
  'data: {"a":"héllo 😀 안녕"}\r\n\r\n' +
  'event: error\rdata: line 1\rdata: line 2\r\r' +
  'data:no space\n' +
  'data:  two spaces\n\n' +
  'id: 7\nretry: 1000\n\n' +
  'data\n\n' +
  'data: [DONE]\n\n';

const EXPECTED: ServerSentEvent[] = [
  { data: '{"a":"héllo 😀 안녕"}' },
  { event: 'error', data: 'line 1\nline 2' },
  { data: 'no space\n two spaces' },
  { data: '' },
  { data: '[DONE]' },
];

describe('readServerSentEvents', () => {
  it('parses fields, comments, multi-line data and every line ending', async () => {
    expect(await events([utf8(SAMPLE)])).toEqual(EXPECTED);
  });

  it('gives the same events with one byte per chunk (splits inside characters and inside \\r\\n)', async () => {
    expect(await events(byteByByte(SAMPLE))).toEqual(EXPECTED);
  });

  it('gives the same events however the bytes are split', async () => {
    const length = utf8(SAMPLE).length;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: length - 1 }), { maxLength: 12 }), async (offsets) => {
        expect(await events(splitAt(SAMPLE, offsets))).toEqual(EXPECTED);
      }),
    );
  });

  it('keeps \\r and \\n one line break when an empty chunk comes between them', async () => {
    expect(await events([utf8('data: a\r'), new Uint8Array(0), utf8('\ndata: b\r'), utf8('\n\r\n')])).toEqual([{ data: 'a\nb' }]);
  });

  it('dispatches a last event the stream ends without a blank line after', async () => {
    expect(await events([utf8('data: x\n\ndata: [DONE]')])).toEqual([{ data: 'x' }, { data: '[DONE]' }]);
    expect(await events([utf8('data: x\n')])).toEqual([{ data: 'x' }]);
  });

  it('ignores events without data, and ends cleanly on an empty stream', async () => {
    expect(await events([utf8('event: ping\n\n: comment\n\n')])).toEqual([]);
    expect(await events([])).toEqual([]);
  });

  it('drops a byte order mark at the start', async () => {
    expect(await events([Uint8Array.of(0xef, 0xbb), Uint8Array.of(0xbf), utf8('data: a\n\n')])).toEqual([{ data: 'a' }]);
  });

  it('cancels the stream when the consumer stops early', async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull: (controller) => controller.enqueue(utf8('data: more\n\n')),
      cancel: () => {
        cancelled = true;
      },
    });
    for await (const event of readServerSentEvents(stream)) {
      expect(event.data).toBe('more');
      break;
    }
    expect(cancelled).toBe(true);
  });

  it('throws the error of a failing stream', async () => {
    let step = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (step++ === 0) controller.enqueue(utf8('data: a\n\n'));
        else controller.error(new TypeError('terminated'));
      },
    });
    const seen: string[] = [];
    await expect(async () => {
      for await (const event of readServerSentEvents(stream)) seen.push(event.data);
    }).rejects.toThrow('terminated');
    expect(seen).toEqual(['a']);
  });
});
