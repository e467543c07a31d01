import MiniSearch, { type Options, type SearchOptions } from 'minisearch';
import { SEARCH_LIMIT } from '../shared/queries';

export interface SearchDoc {
  id: string;
  content: string;
}

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]/;
const WORD = /[\p{L}\p{N}_]+/gu;
const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

/**
 * Words by a Unicode regex; runs holding CJK characters are split again by Intl.Segmenter, which
 * knows where Chinese and Japanese words end. Segmenting everything gives the same tokens on the
 * 95% of text that has spaces at ~3.4x the cost (in Chromium: 445 against 131 ms per 10,000 of
 * these messages, so ~3 s more per 100,000; the index_build note reports both every run).
 */
export function tokenize(text: string): string[] {
  const words = text.match(WORD) ?? [];
  if (!CJK.test(text)) return words;
  return words.flatMap((word) => (CJK.test(word) ? segmentWords(word) : [word]));
}

export function segmentWords(text: string): string[] {
  const words: string[] = [];
  for (const part of segmenter.segment(text)) if (part.isWordLike) words.push(part.segment);
  return words;
}

/** AND: a CJK query is segmented into several words, and a search box means all of them. */
export const SEARCH_OPTIONS: SearchOptions = { prefix: true, fuzzy: 0.2, combineWith: 'AND' };

export const INDEX_OPTIONS: Options<SearchDoc> = {
  fields: ['content'],
  storeFields: [],
  tokenize,
  searchOptions: SEARCH_OPTIONS,
};

export const createIndex = () => new MiniSearch<SearchDoc>(INDEX_OPTIONS);

export function loadIndex(json: string): MiniSearch<SearchDoc> {
  return MiniSearch.loadJSON<SearchDoc>(json, INDEX_OPTIONS);
}

/** The ids of the best results, and how many matched in all. */
export function searchIndex(index: MiniSearch<SearchDoc>, query: string): { ids: string[]; hits: number } {
  const results = index.search(query);
  return { ids: results.slice(0, SEARCH_LIMIT).map((result) => String(result.id)), hits: results.length };
}

/** Tokenizing a sample both ways, to show why Intl.Segmenter only sees CJK runs. */
export function tokenizerCost(docs: readonly SearchDoc[]): { regexMs: number; segmenterMs: number; docs: number } {
  let start = performance.now();
  for (const doc of docs) tokenize(doc.content);
  const regexMs = performance.now() - start;
  start = performance.now();
  for (const doc of docs) segmentWords(doc.content);
  return { regexMs, segmenterMs: performance.now() - start, docs: docs.length };
}
