/**
 * Splits a byte stream into lines of text: the layer under the SSE and NDJSON readers. Network
 * chunks split text anywhere, so this decodes UTF-8 in streaming mode (a character cut between two
 * chunks is decoded whole) and remembers a `\r` that ended a chunk (a `\n` at the start of the next
 * chunk belongs to the same line break).
 */

const LF = 10;
const CR = 13;

/** Incremental line splitter: `\n`, `\r\n` and a lone `\r` each end a line. */
export class LineSplitter {
  private pending = '';
  private afterCarriageReturn = false;

  /** Adds text and returns the lines it completed, without their line breaks. */
  push(text: string): string[] {
    // An empty piece (a chunk holding only the first bytes of a character) must not forget the `\r`.
    if (text === '') return [];
    const lines: string[] = [];
    let from = this.afterCarriageReturn && text.charCodeAt(0) === LF ? 1 : 0;
    this.afterCarriageReturn = false;
    for (let index = from; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code !== LF && code !== CR) continue;
      lines.push(this.pending + text.slice(from, index));
      this.pending = '';
      if (code === CR) {
        if (index + 1 === text.length) this.afterCarriageReturn = true;
        else if (text.charCodeAt(index + 1) === LF) index++;
      }
      from = index + 1;
    }
    this.pending += text.slice(from);
    return lines;
  }

  /** The last line when the text did not end with a line break, else nothing. */
  end(): string[] {
    const last = this.pending;
    this.pending = '';
    this.afterCarriageReturn = false;
    return last === '' ? [] : [last];
  }
}

/**
 * Yields the lines of a UTF-8 byte stream (a leading byte order mark is dropped; invalid bytes
 * become U+FFFD). Stopping the iteration early cancels the stream, which closes a fetch connection.
 * A failing stream (connection lost, request aborted) makes the iteration throw the stream's error.
 */
export async function* readLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string, void, undefined> {
  const reader = stream.getReader();
  const decoder = new TextDecoder('utf-8');
  const splitter = new LineSplitter();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        yield* splitter.push(decoder.decode());
        yield* splitter.end();
        return;
      }
      yield* splitter.push(decoder.decode(value, { stream: true }));
    }
  } finally {
    // Reached when the consumer stops early or reading failed: release the connection either way.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
