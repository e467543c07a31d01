/**
 * A reader for server-sent events (the `text/event-stream` format of the HTML standard), as
 * OpenAI-compatible providers stream chat completions. Written here rather than taken from a
 * library because the part needed is small: no reconnection, so `id:` and `retry:` are ignored.
 */
import { readLines } from './text-lines';

/** One dispatched event: `event` is the `event:` field when the server sent one. */
export interface ServerSentEvent {
  event?: string;
  /** The `data:` lines of the event, joined with `\n`. */
  data: string;
}

/**
 * Yields the events of an event stream, in order. Handles chunks split anywhere (inside a UTF-8
 * character, between `\r` and `\n`), `\n`/`\r\n`/`\r` line endings, several `data:` lines in one
 * event and comments (`: keep-alive`). Events without any `data:` line are not dispatched, as the
 * standard says.
 *
 * Unlike the standard, a last event that the stream ends without a blank line after is still
 * dispatched: some servers end with `data: [DONE]\n` only. Whether an answer is complete is for
 * the caller to decide from the events' content.
 *
 * @example
 * for await (const { data } of readServerSentEvents(response.body)) if (data === '[DONE]') break;
 */
export async function* readServerSentEvents(
  stream: ReadableStream<Uint8Array>,
): AsyncGenerator<ServerSentEvent, void, undefined> {
  let data: string[] = [];
  let event: string | undefined;
  const take = (): ServerSentEvent | undefined => {
    const dispatched = data.length === 0 ? undefined : { ...(event === undefined ? {} : { event }), data: data.join('\n') };
    data = [];
    event = undefined;
    return dispatched;
  };
  for await (const line of readLines(stream)) {
    if (line === '') {
      const dispatched = take();
      if (dispatched) yield dispatched;
      continue;
    }
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
  }
  const last = take();
  if (last) yield last;
}
