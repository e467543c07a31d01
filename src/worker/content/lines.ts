/**
 * Line arithmetic shared by the content store, the chunker and the reader, so "line 12" means the
 * same thing everywhere. Lines end at \n, \r\n or \r; a final line break ends the last line rather
 * than starting an empty one, so "a\nb\n" has two lines and "" has none.
 */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

export function countLines(text: string): number {
  return splitLines(text).length;
}

const PREVIEW_CHARS = 300;

/** The first few hundred characters, cut on a code point boundary (never half a surrogate pair). */
export function makePreview(text: string): string {
  const codePoints = Array.from(text.slice(0, PREVIEW_CHARS * 2));
  return codePoints.slice(0, PREVIEW_CHARS).join('').trimEnd();
}
