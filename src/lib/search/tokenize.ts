/**
 * Words for the search indexes, in every language. `Intl.Segmenter` knows where words end in
 * scripts without spaces (Chinese, Japanese) and keeps Korean words whole, so the prefix "안녕"
 * finds "안녕하세요" (the original's English tokenizer could not). Terms are lower-cased and
 * Latin accents are folded ("café" finds "cafe"); other scripts keep their marks, so a Japanese
 * "が" stays distinct from "か".
 */
const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

export function tokenize(text: string): string[] {
  const words: string[] = [];
  for (const { segment, isWordLike } of segmenter.segment(text)) if (isWordLike) words.push(segment);
  return words;
}

export function normalizeTerm(term: string): string {
  return term
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .toLocaleLowerCase();
}
