/**
 * Cuts extracted text into chunks of whole lines for search. A chunk is a line range of the stored
 * text, so a search hit can be shown, and read on, with the same 1-based line numbers the
 * content-store tools use. Guarantees (property-tested in chunker.test.ts):
 * - `splitLines(text).slice(startLine - 1, endLine).join('\n') === chunk.text` for every chunk;
 * - ranges ascend; without overlap every line is in exactly one chunk;
 * - a chunk has at most `linesPerChunk` lines and `maxChars` characters, except that a single
 *   line longer than `maxChars` is a chunk of its own (lines are never split, or the line ranges
 *   would lie);
 * - a chunk never crosses a page or sheet boundary, and carries that page or sheet.
 */
import { invalidInput } from '../../shared/errors';
import type { TextSegment } from './parsers/extracted-text';
import { validateChunkOptions, type ChunkOptions } from './limits';
import { splitLines } from './lines';

export interface TextChunk {
  text: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  page?: number;
  sheet?: string;
}

/** A run of lines (0-based, inclusive) that chunks must not cross, with where it came from. */
interface Group {
  first: number;
  last: number;
  source: Pick<TextSegment, 'page' | 'sheet'>;
}

export function chunkText(text: string, options: ChunkOptions, segments: readonly TextSegment[] = []): TextChunk[] {
  const settings = validateChunkOptions(options);
  const lines = splitLines(text);
  const chunks: TextChunk[] = [];
  for (const group of groupsOf(lines.length, segments)) chunkGroup(lines, group, settings, chunks);
  return chunks;
}

function chunkGroup(lines: readonly string[], group: Group, options: ChunkOptions, out: TextChunk[]): void {
  const { linesPerChunk, maxChars, overlapLines } = options;
  let start = group.first;
  for (;;) {
    let end = start;
    let chars = lines[start].length;
    while (end < group.last && end - start + 1 < linesPerChunk) {
      const grown = chars + 1 + lines[end + 1].length; // + 1 for the joining '\n'
      if (grown > maxChars) break;
      chars = grown;
      end++;
    }
    out.push({ text: lines.slice(start, end + 1).join('\n'), startLine: start + 1, endLine: end + 1, ...group.source });
    if (end >= group.last) return;
    start = nextStart(lines, start, end, overlapLines, maxChars);
  }
}

/**
 * Where the next chunk starts: `overlapLines` back from the end, but always after this chunk's
 * start, and late enough that the first new line still fits beside the repeated ones. Hence every
 * chunk reaches at least one line further than the one before, and ranges strictly ascend.
 */
function nextStart(lines: readonly string[], start: number, end: number, overlapLines: number, maxChars: number): number {
  let next = Math.max(end + 1 - overlapLines, start + 1);
  let chars = lines[end + 1].length;
  for (let index = next; index <= end; index++) chars += lines[index].length + 1;
  while (next <= end && chars > maxChars) {
    chars -= lines[next].length + 1;
    next++;
  }
  return next;
}

/** Segments become groups; the lines between and around them form groups with no source. */
function groupsOf(lineCount: number, segments: readonly TextSegment[]): Group[] {
  const groups: Group[] = [];
  let next = 0;
  segments.forEach((segment, index) => {
    const first = segment.startLine - 1;
    const last = segment.endLine - 1;
    if (!Number.isSafeInteger(first) || !Number.isSafeInteger(last) || first < next || last < first || last >= lineCount) {
      throw invalidInput(
        `Segment ${index + 1} (lines ${segment.startLine}-${segment.endLine}) must ascend without overlap within ${lineCount} lines.`,
      );
    }
    if (first > next) groups.push({ first: next, last: first - 1, source: {} });
    const source: Group['source'] = {};
    if (segment.page !== undefined) source.page = segment.page;
    if (segment.sheet !== undefined) source.sheet = segment.sheet;
    groups.push({ first, last, source });
    next = last + 1;
  });
  if (next < lineCount) groups.push({ first: next, last: lineCount - 1, source: {} });
  return groups;
}
