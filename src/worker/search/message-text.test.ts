import { describe, expect, it } from 'vitest';
import { messageSearchText } from './message-text';

const base = { role: 'assistant' as const, content: '', thinking: null, toolCalls: null };

describe('messageSearchText', () => {
  it('joins the text and the thinking', () => {
    expect(messageSearchText({ ...base, content: 'The answer', thinking: 'Let me think' })).toBe('The answer\nLet me think');
  });

  it('flattens tool output JSON to its values', () => {
    const content = JSON.stringify({ hits: [{ filename: 'a.pdf', score: 1.5, text: 'quarterly report' }], ok: true });
    expect(messageSearchText({ ...base, role: 'tool', content })).toBe('a.pdf\n1.5\nquarterly report\ntrue');
  });

  it('keeps tool output that is not JSON as it is', () => {
    expect(messageSearchText({ ...base, role: 'tool', content: '{not json' })).toBe('{not json');
  });

  it('leaves tool calls out: an assistant turn that only calls a tool has no words of its own', () => {
    const toolCalls = [
      { id: 'c1', type: 'function' as const, function: { name: 'keyword_search', arguments: '{"query":"tax forms"}' } },
    ];
    const calling = { ...base, content: 'Searching', toolCalls };
    const onlyCalling = { ...base, content: '', toolCalls };
    expect(messageSearchText(calling)).toBe('Searching');
    expect(messageSearchText(onlyCalling)).toBe('');
  });

  it('leaves a user message that looks like JSON alone', () => {
    expect(messageSearchText({ ...base, role: 'user', content: '{"a": 1}' })).toBe('{"a": 1}');
  });
});
