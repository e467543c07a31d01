import { normalizeTerm } from './tokenize';

/** A piece of a snippet; `match` pieces are what the search found, to be highlighted. */
export interface SnippetPart {
  text: string;
  match: boolean;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

/**
 * The part of `text` around the first matched word, with every matched word marked. `terms` are
 * the index terms a search matched (already normalized: lower case, accents folded), so a word
 * matches when its normalized form is one of them; a prefix search for "안녕" reports the term
 * "안녕하세요", which marks that whole word. Returned as parts, not HTML, so the UI renders text
 * and nothing in a message can become markup.
 */
export function makeSnippet(text: string, terms: readonly string[], maxLength = 200): SnippetPart[] {
  // ASCII text and ASCII terms (most of both): one regular expression finds the terms' whole
  // words, case aside, as the index's tokenizer splits them, without splitting the text at all.
  const ascii = asciiMatcherFor(terms);
  if (ascii && ASCII_TEXT.test(text)) return snippetAround(text, asciiMatches(text, ascii, maxLength), maxLength);
  // A long text is cut to a window around the first place a term appears before it is split
  // into words: splitting a whole 10,000-character answer for 200 characters of it is waste.
  const window = windowAround(text, terms, maxLength);
  if (window) {
    const parts = makeSnippet(text.slice(window.start, window.end), terms, maxLength);
    if (window.start > 0 && parts[0]?.text !== '… ') parts.unshift({ text: '… ', match: false });
    if (window.end < text.length && parts.at(-1)?.text !== ' …') parts.push({ text: ' …', match: false });
    return parts;
  }
  return snippetAround(text, findWords(text, new Set(terms.map(normalizeTerm))), maxLength);
}

/** The snippet of `text` around the first of `matches` (in order), each marked. */
function snippetAround(text: string, matches: Match[], maxLength: number): SnippetPart[] {
  const first = matches[0]?.start ?? 0;
  const start = snapBack(text, Math.max(0, first - Math.floor(maxLength / 3)));
  const end = snapForward(text, Math.min(text.length, start + maxLength));
  const parts: SnippetPart[] = [];
  let cursor = start;
  for (const match of matches) {
    if (match.start < start) continue;
    if (match.end > end) break;
    if (match.start > cursor) parts.push({ text: text.slice(cursor, match.start), match: false });
    parts.push({ text: text.slice(match.start, match.end), match: true });
    cursor = match.end;
  }
  if (cursor < end) parts.push({ text: text.slice(cursor, end), match: false });
  return addEllipses(collapseWhitespace(parts), start > 0, end < text.length);
}

/**
 * Where in a long text to look: around the earliest plain (lower-case) occurrence of a term, or
 * undefined when the text is short or no term appears as such (accents folded: split it all).
 */
function windowAround(text: string, terms: readonly string[], maxLength: number): { start: number; end: number } | undefined {
  if (text.length <= maxLength * 2) return undefined;
  const lower = text.toLowerCase();
  let first = -1;
  for (const term of terms) {
    const at = lower.indexOf(term.toLowerCase());
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  if (first < 0) return undefined;
  // Two snippet lengths at most, so the window itself is never cut into a window again.
  const start = snapBack(text, Math.max(0, first - Math.floor(maxLength / 2)));
  return { start, end: snapForward(text, Math.min(text.length, start + maxLength * 2)) };
}

const ASCII_TEXT = /^[\u0000-\u007f]*$/; // eslint-disable-line no-control-regex

interface Match {
  start: number;
  end: number;
}

/** The last terms' expression: a page of hits asks with the same terms fifty times. */
let lastAscii: { terms: readonly string[]; matcher: RegExp | undefined } | undefined;

/**
 * One expression for every term, as whole words of [A-Za-z0-9_] (the index's ASCII words), in
 * any case; undefined when a term is not such a word (accents, other scripts: findWords).
 */
function asciiMatcherFor(terms: readonly string[]): RegExp | undefined {
  if (lastAscii?.terms !== terms) {
    const words = terms.map((term) => term.toLowerCase());
    const plain = words.length > 0 && words.every((word) => /^[a-z0-9_]+$/.test(word));
    const alternatives = [...new Set(words)].sort((a, b) => b.length - a.length).join('|');
    lastAscii = { terms, matcher: plain ? new RegExp(`(?<![A-Za-z0-9_])(?:${alternatives})(?![A-Za-z0-9_])`, 'gi') : undefined };
  }
  return lastAscii.matcher;
}

/** Where `matcher` finds its words in `text`, up to a snippet's length past the first. */
function asciiMatches(text: string, matcher: RegExp, maxLength: number): Match[] {
  const found: Match[] = [];
  matcher.lastIndex = 0;
  for (let match = matcher.exec(text); match; match = matcher.exec(text)) {
    found.push({ start: match.index, end: match.index + match[0].length });
    if (match.index > found[0].start + maxLength) break;
  }
  return found;
}

/**
 * Where the words of `text` that are `wanted` (normalized) are. ASCII text is split by a regular
 * expression into the index's own words ([A-Za-z0-9_] runs: tokenize.ts); other text by
 * Intl.Segmenter, which knows where Chinese, Japanese and Thai words end, at many times the cost:
 * a page of results is fifty snippets.
 */
function findWords(text: string, wanted: Set<string>): Match[] {
  const found: Match[] = [];
  // Chinese, Japanese and Thai words are found where they stand: no case, no spaces to split on.
  const unspaced = [...wanted].filter((term) => UNSPACED.test(term));
  if (unspaced.length === wanted.size && wanted.size > 0) return occurrences(text, unspaced);
  if (ASCII_TEXT.test(text)) {
    for (const match of text.matchAll(/[A-Za-z0-9_]+/g)) {
      if (wanted.has(match[0].toLowerCase())) found.push({ start: match.index, end: match.index + match[0].length });
    }
    return found;
  }
  for (const { segment, index, isWordLike } of segmenter.segment(text)) {
    if (isWordLike && wanted.has(normalizeTerm(segment))) found.push({ start: index, end: index + segment.length });
  }
  return found;
}

const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/** Every place one of `terms` appears in `text`, in order, without overlaps (longest first). */
function occurrences(text: string, terms: string[]): Match[] {
  const found: Match[] = [];
  const longestFirst = [...terms].sort((a, b) => b.length - a.length);
  for (let at = 0; at < text.length;) {
    const term = longestFirst.find((candidate) => text.startsWith(candidate, at));
    if (term) {
      found.push({ start: at, end: at + term.length });
      at += term.length;
    } else {
      at++;
    }
  }
  return found;
}

/** Starts the window at a word boundary (a space) when one is near, never inside a surrogate pair. */
function snapBack(text: string, position: number): number {
  const space = text.lastIndexOf(' ', position);
  if (space >= 0 && position - space < 20) return space + 1;
  const code = text.charCodeAt(position);
  return code >= 0xdc00 && code <= 0xdfff ? position + 1 : position;
}

/** Ends the window before a cut surrogate pair, so no half of a character reaches the screen. */
function snapForward(text: string, position: number): number {
  const code = text.charCodeAt(position - 1);
  return code >= 0xd800 && code <= 0xdbff ? position - 1 : position;
}

function collapseWhitespace(parts: SnippetPart[]): SnippetPart[] {
  return parts.map((part) => ({ ...part, text: part.text.replace(/\s+/g, ' ') }));
}

function addEllipses(parts: SnippetPart[], cutStart: boolean, cutEnd: boolean): SnippetPart[] {
  if (cutStart) parts.unshift({ text: '… ', match: false });
  if (cutEnd) parts.push({ text: ' …', match: false });
  return parts;
}
