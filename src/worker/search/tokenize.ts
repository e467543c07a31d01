/**
 * Words for the search indexes, in every language. Text in scripts that separate words with
 * spaces (Latin, Cyrillic, Greek, Korean, ...) is split by a Unicode regular expression; runs of
 * scripts without spaces (Chinese, Japanese, Thai, Lao, Khmer, Myanmar) go to `Intl.Segmenter`,
 * which knows where their words end. Korean words stay whole, so the prefix "안녕" finds
 * "안녕하세요" (the original's English tokenizer could not). The split is the same as
 * Intl.Segmenter's on spaced text, at about a third of the cost (measured in Chromium by the
 * benchmark: building the index is mostly tokenizing).
 *
 * Terms are lower-cased and Latin accents are folded ("café" finds "cafe"); other scripts keep
 * their marks, so a Japanese "が" stays distinct from "か".
 */
const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

/**
 * A word: letters, marks, digits and underscores (snake_case stays one word). An apostrophe ends
 * a word ("it's" is "it" and "s"), as it does for FTS5's tokenizers, so the index and a query
 * always split the same text the same way.
 */
const WORD = /[\p{L}\p{M}\p{N}_]+/gu;
const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

export function tokenize(text: string): string[] {
  const words = text.match(WORD) ?? [];
  if (!UNSPACED.test(text)) return words;
  // A plain loop, not flatMap: no array for every word (with the fold below, a fifth of CJK indexing).
  const split: string[] = [];
  for (const word of words) {
    if (UNSPACED.test(word)) pushSegments(word, split);
    else split.push(word);
  }
  return split;
}

function pushSegments(text: string, into: string[]): void {
  for (const { segment, isWordLike } of segmenter.segment(text)) if (isWordLike) into.push(segment);
}

const ASCII = /^[ -~]*$/;
/**
 * Han, kana and Thai letters alone: no case, and no decomposition into Latin accents, so folding
 * leaves them as NFC has them (NFD and back would cost several passes for nothing).
 */
const UNCASED_UNSPACED = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]+$/u;

export function normalizeTerm(term: string): string {
  // Most terms are printable ASCII: nothing to fold, and lower-casing is all there is to do.
  if (ASCII.test(term)) return term.toLowerCase();
  if (UNCASED_UNSPACED.test(term)) return term.normalize('NFC');
  return term
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .toLocaleLowerCase();
}

// Every UTF-16 unit below 128: one pass that tells ASCII text from the rest.
const ASCII_TEXT = /^[\u0000-\u007f]*$/; // eslint-disable-line no-control-regex
const ASCII_WORD = /[a-z0-9_]+/g;

/** The normalized words of a text, every occurrence, space-separated: what index-text.ts hands FTS5. */
export function indexWords(text: string): string {
  const words = tokenize(text);
  for (let i = 0; i < words.length; i++) words[i] = normalizeTerm(words[i]);
  return words.join(' ');
}

/**
 * The distinct words of what search_index holds for one row (index-text.ts): plain ASCII text
 * as FTS5's ascii tokenizer splits it (lower-cased runs of [a-z0-9_]: the same words tokenize()
 * finds in ASCII), or the space-separated words search_words wrote.
 */
export function wordsOfIndexText(text: string): Set<string> {
  if (ASCII_TEXT.test(text)) return new Set(text.toLowerCase().match(ASCII_WORD) ?? []);
  return new Set(text.split(' ').filter((word) => word !== ''));
}
