/**
 * How many cells SheetJS would make of a workbook, at most, counted in its unpacked XML before
 * SheetJS reads it: SheetJS keeps an object per cell, so a workbook of a few MB can otherwise ask
 * for more memory than a tab has. The count is an upper bound, never less than what SheetJS makes.
 *
 * - .xlsx: every element named `c` (any prefix, in any part, since a sheet can be stored under
 *   any name) is one cell; the bytes are scanned, never decoded (parts can be hundreds of MB).
 * - .ods: a cell with content is stored `number-columns-repeated` times `number-rows-repeated`
 *   of its row, so a few attributes can ask for billions. The tags are found exactly as SheetJS
 *   finds them (its regular expression, after removing comments as it does, so a comment cannot
 *   hide a tag), and the repeats read as it reads them. An empty self-closing cell, which
 *   LibreOffice writes for the empty rest of each sheet (a million rows of a thousand cells),
 *   makes at most one cell. (Written against @e965/xlsx 0.20.3's parse_content_xml: check it again
 *   when SheetJS is upgraded.)
 */

const LT = 0x3c;
const COLON = 0x3a;
const C = 0x63; // "c"

/** SheetJS's xlmlregex (xlsx.mjs), which its ODS reader walks the XML with. */
const SHEETJS_TAG = /<([/]?)([^\s?><!/:"]*:|)([^\s?<>:/"]+)(?:\s+[^<>=?"'\s]+="[^"]*?")*\s*[/]?>/gm;
/** SheetJS's attregexg: name and value of each attribute. */
const SHEETJS_ATTRIBUTE = /\s([^"\s?>/]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^'">\s]+))/g;

/**
 * The cells of a workbook's parts, counted until `limit` is passed (the count returned is then
 * over it). Both ways are counted in every part, whatever the file's name or directory says:
 * SheetJS picks its reader by the parts it finds, matching names loosely.
 */
export function countCells(parts: Iterable<Uint8Array>, limit: number): number {
  let xlsx = 0;
  let ods = 0;
  for (const data of parts) {
    xlsx += countXlsxCells(data, limit - xlsx);
    ods += countOdsCells(data, limit - ods);
    if (xlsx > limit || ods > limit) break;
  }
  return Math.max(xlsx, ods);
}

/** One pass over the bytes: at each `<`, the name that follows, its prefix left out, must be `c`. */
function countXlsxCells(data: Uint8Array, limit: number): number {
  let cells = 0;
  const length = data.length;
  for (let at = 0; at < length; at++) {
    if (data[at] !== LT) continue;
    let end = at + 1;
    while (end < length && isNameByte(data[end])) end++;
    if (end - at >= 2 && data[end - 1] === C && (end - at === 2 || data[end - 2] === COLON)) {
      cells++;
      if (cells > limit) break;
    }
    at = end - 1;
  }
  return cells;
}

function countOdsCells(data: Uint8Array, limit: number): number {
  const decoded = new TextDecoder().decode(data);
  // Most parts (every part of an .xlsx) hold no cell SheetJS's ODS reader would see: skip them fast.
  if (!decoded.includes('table-cell') && !decoded.includes('数据')) return 0;
  const text = withoutComments(decoded);
  let cells = 0;
  let rowRepeat = 1;
  for (const tag of text.matchAll(SHEETJS_TAG)) {
    if (tag[1] === '/') continue;
    const name = tag[3].replace(/_[\s\S]*$/, '');
    if (name === 'table-row' || name === '行') {
      rowRepeat = Math.max(1, Number(attributes(tag[0]).get('number-rows-repeated')) || 1);
    } else if (name === 'table-cell' || name === '数据') {
      const selfClosing = tag[0].at(-2) === '/';
      const columnRepeat = Math.max(1, parseInt(attributes(tag[0]).get('number-columns-repeated') ?? '1', 10) || 1);
      cells += selfClosing ? 1 : rowRepeat * columnRepeat;
      if (cells > limit) break;
    }
  }
  return cells;
}

/** Attributes by name, lower-cased and without prefix or `_suffix`, as SheetJS's parsexmltag keys them. */
function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const [, rawName, double, single, bare] of tag.matchAll(SHEETJS_ATTRIBUTE)) {
    const name = rawName
      .slice(rawName.indexOf(':') + 1)
      .replace(/_.*$/, '')
      .toLowerCase();
    const value = double ?? single ?? bare ?? '';
    // Of two spellings of one attribute, the larger repeat: an upper bound whichever SheetJS keeps.
    const kept = found.get(name);
    if (kept === undefined || Number.parseFloat(value) > Number.parseFloat(kept)) found.set(name, value);
  }
  return found;
}

/** `<!-- ... -->` removed as SheetJS's str_remove_ng does (an unclosed comment takes the rest). */
function withoutComments(text: string): string {
  const parts: string[] = [];
  let last = 0;
  for (let start = text.indexOf('<!--'); start >= 0;) {
    parts.push(text.slice(last, start));
    const end = text.indexOf('-->', start + 4);
    if (end < 0) return parts.join('');
    last = end + 3;
    start = text.indexOf('<!--', last);
  }
  parts.push(text.slice(last));
  return parts.join('');
}

/** Letters, digits and the name punctuation `-_.:`, and any byte of a multi-byte UTF-8 character. */
function isNameByte(byte: number): boolean {
  return (
    (byte >= 0x61 && byte <= 0x7a) ||
    (byte >= 0x41 && byte <= 0x5a) ||
    (byte >= 0x30 && byte <= 0x3a) ||
    byte === 0x2d ||
    byte === 0x5f ||
    byte === 0x2e ||
    byte >= 0x80
  );
}
