/**
 * Turns the text items pdf.js finds on a page into lines. Kept apart from parse-pdf.ts so it can be
 * tested without pdf.js (which needs a browser or Node 22).
 */

/** The fields of a pdf.js TextItem this module reads. Marked-content items have no `str`. */
export interface PdfTextPiece {
  str: string;
  hasEOL?: boolean;
  /** [a, b, c, d, x, y]: the item's position on the page. */
  transform?: readonly number[];
  height?: number;
}

export type PdfContentItem = PdfTextPiece | { type: string };

/**
 * Joins items into lines: pdf.js marks line ends with `hasEOL` and inserts the spaces between
 * words itself. An item that starts at another height without such a mark (some generators never
 * set it) also starts a new line. Lines are trimmed at the end, runs of blank lines become one,
 * and blank lines at the start and end of the page are dropped.
 */
export function pageTextLines(items: readonly PdfContentItem[]): string[] {
  const lines: string[] = [];
  let current = '';
  let lastY: number | undefined;
  for (const item of items) {
    if (!('str' in item)) continue;
    const y = item.transform?.[5];
    if (current !== '' && y !== undefined && lastY !== undefined && Math.abs(y - lastY) > Math.max(item.height ?? 0, 1)) {
      lines.push(current);
      current = '';
    }
    current += item.str;
    if (item.str !== '' && y !== undefined) lastY = y;
    if (item.hasEOL) {
      lines.push(current);
      current = '';
    }
  }
  if (current !== '') lines.push(current);
  return tidy(lines);
}

/**
 * C0 control characters other than tab and line breaks: unmapped glyphs come out as NUL and
 * friends, which mean nothing to a reader and which SQLite's text functions stop at.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

function tidy(lines: readonly string[]): string[] {
  const kept: string[] = [];
  for (const raw of lines) {
    for (const part of raw.split(/\r\n|\n|\r/)) {
      const line = part.replace(CONTROL_CHARACTERS, '').trimEnd();
      if (line === '' && (kept.length === 0 || kept.at(-1) === '')) continue;
      kept.push(line);
    }
  }
  if (kept.at(-1) === '') kept.pop();
  return kept;
}
