import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { indexWords, normalizeTerm, tokenize, wordsOfIndexText } from './tokenize';

describe('tokenize', () => {
  it('splits words and drops punctuation and spaces', () => {
    expect(tokenize('Hello, world! It’s 2026, snake_case.')).toEqual(['Hello', 'world', 'It', 's', '2026', 'snake_case']);
  });

  it('keeps Korean words whole and splits Chinese and Japanese into words', () => {
    expect(tokenize('안녕하세요 세계')).toEqual(['안녕하세요', '세계']);
    // Word by word, as the platform's segmenter (ICU's dictionaries) splits them.
    expect(tokenize('我喜欢学习中文')).toEqual(['我', '喜欢', '学习', '中文']);
    expect(tokenize('東京へ行きます')).toEqual(['東京', 'へ', '行き', 'ます']);
    expect(tokenize('私は寿司が好きです')).toEqual(['私', 'は', '寿司', 'が', '好き', 'です']);
  });

  it('keeps words whole in scripts with combining marks, and splits unspaced runs inside spaced text', () => {
    expect(tokenize('नमस्ते दुनिया')).toEqual(['नमस्ते', 'दुनिया']);
    expect(tokenize('Café Zürich')).toEqual(['Café', 'Zürich']);
    const mixed = tokenize('Open 数据库连接 now');
    expect(mixed[0]).toBe('Open');
    expect(mixed.at(-1)).toBe('now');
    expect(mixed.join('')).toBe('Open数据库连接now');
    expect(tokenize('สวัสดีครับ')).toEqual(['สวัสดี', 'ครับ']);
    expect(tokenize('ภาษาไทยง่ายนิดเดียว')).toEqual(['ภาษา', 'ไทย', 'ง่าย', 'นิด', 'เดียว']);
  });

  it('folds case and Latin accents, and leaves other scripts alone', () => {
    expect(normalizeTerm('Café')).toBe('cafe');
    expect(normalizeTerm('ÉCOLE')).toBe('ecole');
    expect(normalizeTerm('안녕하세요')).toBe('안녕하세요');
    expect(normalizeTerm('が')).toBe('が');
  });
});

describe('folding Chinese, Japanese and Thai words', () => {
  const fullFold = (term: string) =>
    term
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .normalize('NFC')
      .toLocaleLowerCase();

  it('gives what the full fold gives, compatibility ideographs and decomposed kana included', () => {
    expect(normalizeTerm('\uf900')).toBe('\u8c48');
    expect(normalizeTerm('\u304b\u3099')).toBe('が');
    const letters = [
      '数',
      '据',
      '库',
      '\uf900',
      '\ufa10',
      'が',
      'か',
      '\u3099',
      'ー',
      'カ',
      'ガ',
      'ส',
      'ว',
      '\u0e31',
      '\u0e35',
      'ไ',
      'é',
    ];
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...letters), minLength: 1 }), (term) => {
        expect(normalizeTerm(term)).toBe(fullFold(term));
      }),
    );
  });
});

describe('the words the index holds', () => {
  it('normalizes every word of a text, space-separated', () => {
    expect(indexWords('The cat, the CAT and the Café')).toBe('the cat the cat and the cafe');
    expect(indexWords('我们的数据库很快')).toBe('我们 的 数据 库 很快');
  });

  it('reads ASCII text exactly as the general tokenizer splits it', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'B', '7', '_', ' ', "'", '-', '.', '\n', 'z', 'Q') }), (text) => {
        expect([...wordsOfIndexText(text)]).toEqual([...new Set(indexWords(text).split(' ').filter(Boolean))]);
      }),
    );
  });

  it('reads back what search_words wrote for other scripts', () => {
    expect([...wordsOfIndexText(indexWords('Un café à Lisbonne, un café'))]).toEqual(['un', 'cafe', 'a', 'lisbonne']);
  });
});
