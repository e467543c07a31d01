/**
 * A reader for newline-delimited JSON, the streaming format of Ollama's native `/api/chat` (one
 * JSON object per line). The OpenAI-compatible client does not need it; it is here for a native
 * Ollama client.
 */
import { readLines } from './text-lines';

/**
 * Yields the parsed value of each non-blank line. A line that is not valid JSON throws a
 * SyntaxError naming its line number (1-based), so the caller can report a malformed stream.
 */
export async function* readJsonLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<unknown, void, undefined> {
  let lineNumber = 0;
  for await (const line of readLines(stream)) {
    lineNumber++;
    if (line.trim() === '') continue;
    try {
      yield JSON.parse(line) as unknown;
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      throw new SyntaxError(`Line ${lineNumber} of the stream is not valid JSON: ${error.message}`, { cause: error });
    }
  }
}
