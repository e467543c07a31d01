import { describe, expect, it } from 'vitest';
import { ChatStreamAccumulator } from './openai-stream';
import { ProviderError } from '../providers/provider-errors';
import { chunk } from '../../../../test-support/stream-server';

function run(chunks: readonly unknown[]): ChatStreamAccumulator {
  const accumulator = new ChatStreamAccumulator();
  for (const item of chunks) accumulator.pushData(typeof item === 'string' ? item : JSON.stringify(item));
  accumulator.finish();
  return accumulator;
}

function thrown(action: () => unknown): ProviderError {
  try {
    action();
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
  throw new Error('nothing thrown');
}

describe('ChatStreamAccumulator', () => {
  it('accumulates content, the finish reason, usage and [DONE]', () => {
    const accumulator = new ChatStreamAccumulator();
    expect(accumulator.pushData(JSON.stringify(chunk({ role: 'assistant', content: '' })))).toBe(false);
    expect(accumulator.pushData(JSON.stringify(chunk({ content: 'Hel' })))).toBe(true);
    expect(accumulator.snapshot()).toMatchObject({ content: 'Hel', finishReason: null, done: false });
    accumulator.pushData(JSON.stringify(chunk({ content: 'lo' }, 'stop')));
    expect(accumulator.isComplete).toBe(true);
    expect(accumulator.isDone).toBe(false);
    accumulator.pushData(JSON.stringify({ choices: [], usage: { prompt_tokens: 12, completion_tokens: 2, total_tokens: 14 } }));
    expect(accumulator.pushData('[DONE]')).toBe(true);
    expect(accumulator.pushData(JSON.stringify(chunk({ content: 'ignored after [DONE]' })))).toBe(false);
    expect(accumulator.snapshot()).toEqual({
      content: 'Hello',
      thinking: '',
      toolCalls: [],
      finishReason: 'stop',
      usage: { promptTokens: 12, completionTokens: 2 },
      done: true,
    });
  });

  it('gives snapshots the caller can keep: later chunks do not change them', () => {
    const accumulator = new ChatStreamAccumulator();
    accumulator.pushChunk(chunk({ tool_calls: [{ index: 0, id: 'a', function: { name: 'list_content', arguments: '{' } }] }));
    const first = accumulator.snapshot();
    accumulator.pushChunk(chunk({ tool_calls: [{ index: 0, function: { arguments: '}' } }] }));
    expect(first.toolCalls[0].function.arguments).toBe('{');
    expect(accumulator.snapshot().toolCalls[0].function.arguments).toBe('{}');
  });

  it('merges two parallel tool calls by index, their arguments split across many chunks', () => {
    const state = run([
      chunk({
        role: 'assistant',
        content: null,
        tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'read_content', arguments: '' } }],
      }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"content_id"' } }] }),
      chunk({
        tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'keyword_search', arguments: '{"qu' } }],
      }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: ': "c1", "from_line": 1,' } }] }),
      chunk({ tool_calls: [{ index: 1, function: { arguments: 'ery": "tax"}' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: ' "to_line": 9}' } }] }),
      chunk({}, 'tool_calls'),
      '[DONE]',
    ]).snapshot();
    expect(state.toolCalls).toEqual([
      {
        id: 'call_a',
        type: 'function',
        function: { name: 'read_content', arguments: '{"content_id": "c1", "from_line": 1, "to_line": 9}' },
      },
      { id: 'call_b', type: 'function', function: { name: 'keyword_search', arguments: '{"query": "tax"}' } },
    ]);
    expect(state.finishReason).toBe('tool_calls');
    expect(state.content).toBe('');
  });

  it('orders tool calls by index even when a higher index starts first', () => {
    const state = run([
      chunk({ tool_calls: [{ index: 1, id: 'b', function: { name: 'delete_content', arguments: '{}' } }] }),
      chunk({ tool_calls: [{ index: 0, id: 'a', function: { name: 'list_content', arguments: '{}' } }] }),
    ]).snapshot();
    expect(state.toolCalls.map((call) => call.id)).toEqual(['a', 'b']);
  });

  it('handles servers that leave out index, repeat the name or send arguments as an object', () => {
    const state = run([
      chunk({ tool_calls: [{ id: 'a', function: { name: 'list_content', arguments: '{"limit":' } }] }),
      chunk({ tool_calls: [{ function: { name: 'list_content', arguments: ' 5}' } }] }),
      chunk({ tool_calls: [{ function: { name: 'read_content', arguments: { content_id: 'x', from_line: 1, to_line: 2 } } }] }),
    ]).snapshot();
    expect(state.toolCalls).toHaveLength(2);
    expect(state.toolCalls[0]).toEqual({
      id: 'a',
      type: 'function',
      function: { name: 'list_content', arguments: '{"limit": 5}' },
    });
    expect(state.toolCalls[1].function).toEqual({
      name: 'read_content',
      arguments: '{"content_id":"x","from_line":1,"to_line":2}',
    });
    // No id from the provider: one is made up, since stored tool calls need one.
    expect(state.toolCalls[1].id).toMatch(/^call_[0-9a-f]{24}$/);
  });

  it('tells apart two calls of the same tool sent without index or id', () => {
    const state = run([
      chunk({ tool_calls: [{ function: { name: 'read_content', arguments: '{"content_id": "a",' } }] }),
      chunk({ tool_calls: [{ function: { arguments: ' "from_line": 1, "to_line": 2}' } }] }),
      chunk({
        tool_calls: [{ function: { name: 'read_content', arguments: '{"content_id": "b", "from_line": 1, "to_line": 2}' } }],
      }),
    ]).snapshot();
    expect(state.toolCalls.map((call) => JSON.parse(call.function.arguments).content_id)).toEqual(['a', 'b']);
    expect(new Set(state.toolCalls.map((call) => call.id)).size).toBe(2);
  });

  it('takes an id that arrives after the first piece of a call', () => {
    const state = run([
      chunk({ tool_calls: [{ index: 0, function: { name: 'list_content', arguments: '' } }] }),
      chunk({ tool_calls: [{ index: 0, id: 'late', function: { arguments: '{}' } }] }),
    ]).snapshot();
    expect(state.toolCalls[0].id).toBe('late');
  });

  it.each(['reasoning_content', 'reasoning'])('moves delta.%s to thinking', (field) => {
    const state = run([
      chunk({ [field]: 'Think ' }),
      chunk({ [field]: 'first.' }),
      chunk({ content: 'Answer.' }, 'stop'),
    ]).snapshot();
    expect(state).toMatchObject({ thinking: 'Think first.', content: 'Answer.' });
  });

  it('does not double reasoning sent in both fields', () => {
    const state = run([chunk({ reasoning_content: 'once', reasoning: 'once' })]).snapshot();
    expect(state.thinking).toBe('once');
  });

  it('moves <think> blocks split across chunks to thinking', () => {
    const pieces = ['<thi', 'nk>Step 1', '. Step 2.</t', 'hink', '>\n\nDone', '.'];
    const accumulator = new ChatStreamAccumulator();
    const contents: string[] = [];
    for (const piece of pieces) {
      accumulator.pushChunk(chunk({ content: piece }));
      contents.push(accumulator.snapshot().content);
    }
    // No snapshot ever shows a piece of a tag as content.
    expect(contents.every((content) => !content.includes('<') && !content.includes('>'))).toBe(true);
    accumulator.pushData('[DONE]');
    expect(accumulator.snapshot()).toMatchObject({ thinking: 'Step 1. Step 2.', content: 'Done.' });
  });

  it('releases text held back as a possible tag when the stream ends', () => {
    const accumulator = new ChatStreamAccumulator();
    accumulator.pushChunk(chunk({ content: 'a <' }, 'stop'));
    expect(accumulator.snapshot().content).toBe('a ');
    expect(accumulator.finish()).toBe(true);
    expect(accumulator.snapshot().content).toBe('a <');
  });

  it('reads a whole non-streamed completion (message instead of delta)', () => {
    const state = run([
      {
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: 'Hi',
              tool_calls: [{ id: 't1', type: 'function', function: { name: 'list_content', arguments: '{}' } }],
            },
            finish_reason: 'tool_calls',
          },
        ],
      },
    ]).snapshot();
    expect(state).toMatchObject({ content: 'Hi', finishReason: 'tool_calls', toolCalls: [{ id: 't1' }] });
  });

  it('refuses data that is not JSON as a malformed stream', () => {
    const accumulator = new ChatStreamAccumulator();
    accumulator.pushData(JSON.stringify(chunk({ content: 'ok' })));
    const error = thrown(() => accumulator.pushData('{"choices": [{"delta": {"content": "x"'));
    expect(error.kind).toBe('malformed-stream');
    expect(accumulator.snapshot().content).toBe('ok');
  });

  it.each([
    [{ message: 'Rate limit reached', type: 'rate_limit_exceeded' }, 'rate-limited'],
    [{ message: "This model's maximum context length is 8192 tokens", code: 'context_length_exceeded' }, 'bad-request'],
    [{ message: 'model crashed', code: 500 }, 'server'],
    ['plain text error', 'server'],
  ])('throws an error object sent in the stream: %j -> %s', (error, kind) => {
    const failure = thrown(() => new ChatStreamAccumulator().pushData(JSON.stringify({ error })));
    expect(failure.kind).toBe(kind);
    expect(failure.message).toMatch(/^The provider reported an error while answering\. The provider said: "/);
    expect(failure.providerMessage).toBe(typeof error === 'string' ? error : error.message);
  });

  it('ignores shapes it does not know', () => {
    const accumulator = new ChatStreamAccumulator();
    for (const item of [
      null,
      1,
      [],
      {},
      { choices: 'x' },
      { choices: [null] },
      { choices: [{ delta: { tool_calls: [null, 3] } }] },
    ]) {
      expect(accumulator.pushChunk(item)).toBe(false);
    }
    expect(accumulator.snapshot()).toMatchObject({ content: '', toolCalls: [] });
  });

  it('reads content sent as a list of text parts', () => {
    expect(
      run([
        chunk({
          content: [
            { type: 'text', text: 'a' },
            { type: 'text', text: 'b' },
          ],
        }),
      ]).snapshot().content,
    ).toBe('ab');
  });
});
