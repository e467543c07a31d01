/**
 * Readable text from the simple, well-formed HTML that mammoth writes for a Word document:
 * headings as Markdown `#` lines, paragraphs separated by blank lines, lists as `-` / `1.` items
 * (indented by depth), and tables as Markdown pipe tables, one row a line, so a table row stays
 * one line for the line-range tools. Inline markup is dropped, images become "[image]".
 * No DOM is needed (the app worker has none).
 */

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

interface List {
  ordered: boolean;
  count: number;
}

const tidy = (text: string) => text.replace(/[ \t\u00a0]+/g, ' ').trim();
const cellText = (text: string) => tidy(text.replace(/\n/g, ' ')).replace(/\|/g, '\\|');

export function htmlToText(html: string): string {
  const blocks: string[] = [];
  let inline = '';
  let prefix = '';
  const lists: List[] = [];
  let table: string[][] | null = null;
  let tableDepth = 0;
  let cell: string | null = null;

  const emit = (line: string) => blocks.push(line);
  const flush = () => {
    const text = tidy(inline);
    inline = '';
    if (text !== '') emit(prefix + text);
    prefix = '';
  };
  const addText = (text: string) => {
    if (cell !== null) cell += text;
    else inline += text;
  };

  for (const match of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*?)(\/?)>|([^<]+)/g)) {
    const [, closing, rawTag, , , text] = match;
    if (text !== undefined) {
      addText(decodeEntities(text));
      continue;
    }
    const tag = rawTag.toLowerCase();
    const open = closing === '';
    if (tableDepth > 1 && !['table', 'td', 'th', 'tr'].includes(tag)) continue;
    switch (tag) {
      case 'table':
        if (open) {
          tableDepth++;
          if (tableDepth === 1) {
            flush();
            table = [];
          }
        } else {
          tableDepth--;
          if (tableDepth === 0 && table) {
            emitTable(table, emit);
            table = null;
          }
        }
        break;
      case 'tr':
        if (open && tableDepth === 1) table?.push([]);
        break;
      case 'td':
      case 'th':
        if (tableDepth !== 1) break;
        if (open) cell = '';
        else if (cell !== null) {
          table?.at(-1)?.push(cellText(cell));
          cell = null;
        }
        break;
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6':
        if (cell !== null) break;
        flush();
        if (open) prefix = `${'#'.repeat(Number(tag[1]))} `;
        break;
      case 'p':
        if (cell !== null) {
          if (!open) cell += ' ';
          break;
        }
        if (lists.length > 0) break; // a paragraph inside a list item stays in the item
        flush();
        break;
      case 'ul':
      case 'ol':
        if (cell !== null) break;
        flush();
        if (open) lists.push({ ordered: tag === 'ol', count: 0 });
        else lists.pop();
        break;
      case 'li': {
        if (cell !== null) break;
        flush();
        const list = lists.at(-1);
        if (open && list) {
          list.count++;
          prefix = `${'  '.repeat(lists.length - 1)}${list.ordered ? `${list.count}.` : '-'} `;
        }
        break;
      }
      case 'br':
        if (cell !== null) cell += ' ';
        else {
          const keep = prefix;
          flush();
          prefix = keep && lists.length > 0 ? '  '.repeat(lists.length) : '';
        }
        break;
      case 'img':
        addText(' [image] ');
        break;
      default:
      // strong, em, a, sup, sub, span…: their text is what counts.
    }
  }
  flush();
  return joinBlocks(blocks);
}

function emitTable(rows: string[][], emit: (line: string) => void): void {
  const width = Math.max(0, ...rows.map((row) => row.length));
  if (width === 0) return;
  const line = (cells: string[]) => `| ${Array.from({ length: width }, (_, i) => cells[i] ?? '').join(' | ')} |`;
  const lines = rows.filter((row) => row.length > 0).map(line);
  lines.splice(1, 0, line(Array.from({ length: width }, () => '---')));
  emit(lines.join('\n'));
}

/** Blocks separated by a blank line; list items and table rows stay together. */
function joinBlocks(blocks: string[]): string {
  let out = '';
  let previousIsItem = false;
  for (const block of blocks) {
    const isItem: boolean = /^\s*(-|\d+\.) /.test(block) || (previousIsItem && /^\s+\S/.test(block));
    if (out !== '') out += isItem && previousIsItem ? '\n' : '\n\n';
    out += block;
    previousIsItem = isItem;
  }
  return out;
}
