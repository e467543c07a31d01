/**
 * The text a parser extracts, with where each part came from. Locations are kept as line ranges
 * ("lines 12-80 are page 3") rather than one record per line: a 200,000-row sheet then needs one
 * segment, not 200,000 objects, and the chunker can cut at segment boundaries directly.
 */
import { splitLines } from '../lines';

/** Where a run of lines came from. Lines are 1-based and inclusive, as `splitLines` counts them. */
export interface TextSegment {
  startLine: number;
  endLine: number;
  /** 1-based PDF page. */
  page?: number;
  /** Spreadsheet sheet name. */
  sheet?: string;
}

export interface ExtractedText {
  text: string;
  lineCount: number;
  /** Ascending, non-overlapping; lines outside every segment have no known page or sheet. */
  segments: TextSegment[];
}

export type SegmentSource = Pick<TextSegment, 'page' | 'sheet'>;

const LINE_BREAK = /[\r\n]/;

/**
 * Collects sections of lines and joins them into one text whose `splitLines` gives back exactly
 * the lines added, so every recorded line number is right.
 */
export class TextBuilder {
  readonly #lines: string[] = [];
  readonly #segments: TextSegment[] = [];

  /** Appends lines (a line break inside an entry splits it) as one section from `source`. */
  addSection(lines: Iterable<string>, source: SegmentSource = {}): void {
    const startLine = this.#lines.length + 1;
    for (const line of lines) {
      if (!LINE_BREAK.test(line)) this.#lines.push(line);
      else for (const part of splitLines(line)) this.#lines.push(part);
    }
    const endLine = this.#lines.length;
    if (endLine < startLine || (source.page === undefined && source.sheet === undefined)) return;
    this.#segments.push({ startLine, endLine, ...source });
  }

  get lineCount(): number {
    return this.#lines.length;
  }

  build(): ExtractedText {
    const lines = this.#lines;
    // A last empty line needs a final line break, or splitLines would not count it.
    const text = lines.join('\n') + (lines.length > 0 && lines.at(-1) === '' ? '\n' : '');
    return { text, lineCount: lines.length, segments: [...this.#segments] };
  }
}

/** The segment holding a 1-based line, if any (binary search: segments are ascending). */
export function segmentAt(segments: readonly TextSegment[], line: number): TextSegment | undefined {
  let low = 0;
  let high = segments.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const segment = segments[middle];
    if (line < segment.startLine) high = middle - 1;
    else if (line > segment.endLine) low = middle + 1;
    else return segment;
  }
  return undefined;
}
