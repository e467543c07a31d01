import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ThinkTagSplitter } from './think-tags';

function split(pieces: readonly string[]): { content: string; thinking: string } {
  const splitter = new ThinkTagSplitter();
  for (const piece of pieces) splitter.push(piece);
  splitter.finish();
  return { content: splitter.content, thinking: splitter.thinking };
}

/** The text cut at the given character offsets. */
const cut = (text: string, offsets: number[]) => {
  const points = [0, ...[...new Set(offsets)].sort((a, b) => a - b), text.length];
  return points.slice(1).map((end, index) => text.slice(points[index], end));
};

describe('ThinkTagSplitter', () => {
  it('moves a <think> block to thinking and drops the blank lines after it', () => {
    expect(split(['<think>\nLet me see.\n</think>\n\nThe answer is 4.'])).toEqual({
      content: 'The answer is 4.',
      thinking: 'Let me see.\n',
    });
  });

  it('finds tags split across chunks, one character per chunk', () => {
    const text = 'Hi <think>plan</think> there <think>more</think>!';
    expect(split([...text])).toEqual({ content: 'Hi  there !', thinking: 'planmore' });
  });

  it('gives the same result however the text is cut', () => {
    const text = '<think>a < b, and </thin is not a tag</think>x <thin y </think';
    const whole = split([text]);
    expect(whole).toEqual({ content: 'x <thin y </think', thinking: 'a < b, and </thin is not a tag' });
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 10 }), (offsets) => {
        expect(split(cut(text, offsets))).toEqual(whole);
      }),
    );
  });

  it('holds back a possible tag until the next piece, and releases it at the end', () => {
    const splitter = new ThinkTagSplitter();
    splitter.push('a <thi');
    expect(splitter.content).toBe('a ');
    splitter.push('s');
    expect(splitter.content).toBe('a <this');
    splitter.push(' <');
    expect(splitter.finish()).toBe(true);
    expect(splitter.content).toBe('a <this <');
    expect(splitter.finish()).toBe(false);
  });

  it('keeps an unclosed block as thinking', () => {
    expect(split(['<think>still thinking', ' when the stream ended'])).toEqual({
      content: '',
      thinking: 'still thinking when the stream ended',
    });
  });

  it('treats text before a </think> without <think> as thinking (the template opened the block)', () => {
    expect(split(['reasoning ', 'here</th', 'ink>\n\nAnswer'])).toEqual({ content: 'Answer', thinking: 'reasoning here' });
  });

  it('leaves a </think> after a finished block in the content', () => {
    expect(split(['<think>a</think>b</think>c'])).toEqual({ content: 'b</think>c', thinking: 'a' });
  });

  it('adds separately streamed reasoning to thinking', () => {
    const splitter = new ThinkTagSplitter();
    splitter.addThinking('from reasoning_content. ');
    splitter.push('<think>from tags</think>answer');
    expect(splitter.thinking).toBe('from reasoning_content. from tags');
    expect(splitter.content).toBe('answer');
  });
});
