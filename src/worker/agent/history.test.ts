import { describe, expect, it } from 'vitest';
import { newMessage } from '../db/new-message';
import type { Message, ToolCall } from '../../shared/entities';
import { buildRequestMessages, estimateTokens, type HistoryOptions } from './history';

let clock = 0;

function message(role: Message['role'], content: string, extra: Partial<Message> = {}): Message {
  clock++;
  return newMessage({ id: `m${clock}`, sessionId: 's1', role, content, ...extra }, clock);
}

const call = (id: string, name = 'read_content', args = '{}'): ToolCall => ({
  id,
  type: 'function',
  function: { name, arguments: args },
});
const user = (content: string, extra?: Partial<Message>) => message('user', content, extra);
const assistant = (content: string, extra?: Partial<Message>) => message('assistant', content, extra);
const calling = (...calls: ToolCall[]) => message('assistant', '', { toolCalls: calls });
const result = (callId: string, content: string, extra?: Partial<Message>) =>
  message('tool', content, { toolCallId: callId, ...extra });

function build(messages: Message[], limits: Partial<HistoryOptions> = {}) {
  return buildRequestMessages({ systemPrompt: 'You are helpful.', messages, maxMessages: 100, maxTokens: 100_000, ...limits });
}

const roles = (messages: { role: string }[]) => messages.map((item) => item.role);

describe('estimateTokens', () => {
  it('is ceil(characters / 4)', () => {
    expect([estimateTokens(''), estimateTokens('abc'), estimateTokens('abcd'), estimateTokens('abcde')]).toEqual([0, 1, 1, 2]);
  });
});

describe('buildRequestMessages', () => {
  it('puts the system prompt first and maps roles to the OpenAI shape', () => {
    const messages = [
      user('Find tax'),
      calling(call('c1', 'keyword_search', '{"query":"tax"}')),
      result('c1', 'found in c9'),
      assistant('Here.'),
    ];
    expect(build(messages)).toEqual([
      { role: 'system', content: 'You are helpful.' },
      { role: 'user', content: 'Find tax' },
      { role: 'assistant', content: null, tool_calls: [call('c1', 'keyword_search', '{"query":"tax"}')] },
      { role: 'tool', tool_call_id: 'c1', content: 'found in c9' },
      { role: 'assistant', content: 'Here.' },
    ]);
  });

  it('leaves out a blank system prompt, stored system messages, thinking and empty or failed messages', () => {
    const messages = [
      message('system', 'Session renamed'),
      user('Q', { error: 'ignored when there is content' }),
      assistant('', { error: 'The provider failed to answer (500).' }),
      assistant('', { thinking: 'only thoughts' }),
      assistant('A', { thinking: 'not sent' }),
      user(''),
    ];
    expect(build(messages, { systemPrompt: '  ' })).toEqual([
      { role: 'user', content: 'Q' },
      { role: 'assistant', content: 'A' },
    ]);
  });

  it('notes attachments with their file names and content ids', () => {
    const attachments = [
      { contentId: 'c-1', filename: 'report.pdf' },
      { contentId: 'c-2', filename: 'data "v2".csv', mimeType: 'text/csv' },
    ];
    const [, withText] = build([user('Summarize', { attachments })]);
    expect(withText.content).toBe(
      'Summarize\n\n[Attached files, readable with read_content: "report.pdf" (content_id: c-1), "data \\"v2\\".csv" (content_id: c-2)]',
    );
    const [, alone] = build([user('', { attachments: attachments.slice(0, 1) })]);
    expect(alone.content).toBe('[Attached files, readable with read_content: "report.pdf" (content_id: c-1)]');
  });

  it('puts tool results right after their call, in the order of the calls, and gives a failed tool its error', () => {
    const messages = [
      user('Q'),
      calling(call('a'), call('b')),
      result('b', 'B'),
      result('a', '', { error: 'No content with id x.' }),
      result('a', 'duplicate result, dropped'),
    ];
    expect(build(messages).slice(2)).toEqual([
      { role: 'assistant', content: null, tool_calls: [call('a'), call('b')] },
      { role: 'tool', tool_call_id: 'a', content: 'Error: No content with id x.' },
      { role: 'tool', tool_call_id: 'b', content: 'B' },
    ]);
  });

  it('drops calls that never got a result, and orphan tool results', () => {
    const messages = [
      result('gone', 'result of a call that is not in the history'),
      user('Q'),
      message('assistant', 'Let me look.', { toolCalls: [call('a'), call('stopped')] }),
      result('a', 'A'),
      message('assistant', 'Trying again.', { toolCalls: [call('never')] }),
      calling(call('never-2')),
    ];
    expect(build(messages).slice(1)).toEqual([
      { role: 'user', content: 'Q' },
      { role: 'assistant', content: 'Let me look.', tool_calls: [call('a')] },
      { role: 'tool', tool_call_id: 'a', content: 'A' },
      { role: 'assistant', content: 'Trying again.' },
    ]);
  });

  it('keeps the newest messages within the count', () => {
    const messages = [user('1'), assistant('2'), user('3'), assistant('4'), user('5')];
    expect(
      build(messages, { maxMessages: 3 })
        .slice(1)
        .map((item) => item.content),
    ).toEqual(['3', '4', '5']);
  });

  it('keeps the newest messages within the token budget, the system prompt included', () => {
    const messages = [user('a'.repeat(400)), assistant('b'.repeat(400)), user('c'.repeat(400))];
    // System prompt: 4 tokens; each message 100.
    expect(build(messages, { maxTokens: 204 }).map((item) => item.content?.[0])).toEqual(['Y', 'b', 'c']);
    expect(build(messages, { maxTokens: 203 }).map((item) => item.content?.[0])).toEqual(['Y', 'c']);
  });

  it('never splits a call from its results: the turn is kept or dropped whole', () => {
    const messages = [user('Q'), calling(call('a'), call('b')), result('a', 'A'), result('b', 'B'), assistant('Done')];
    // 3 messages fit: "Done", then the tool turn of 3 would make 4, so it goes; the user message stays.
    const window = build(messages, { maxMessages: 3 });
    expect(roles(window)).toEqual(['system', 'user', 'assistant']);
    expect(window.at(-1)).toEqual({ role: 'assistant', content: 'Done' });
    expect(roles(build(messages, { maxMessages: 4 }))).toEqual(['system', 'user', 'assistant', 'tool', 'tool', 'assistant']);
  });

  it('never starts the window with a tool message', () => {
    const messages = [user('old'), calling(call('a')), result('a', 'x'.repeat(4000)), user('new')];
    for (const maxTokens of [0, 10, 500, 1000, 1010, 5000]) {
      const window = build(messages, { maxTokens, systemPrompt: '' });
      expect(window[0].role).not.toBe('tool');
    }
  });

  it('always keeps the newest user message, even over the limits', () => {
    const messages = [user('old'), assistant('answer'), user('x'.repeat(10_000))];
    expect(build(messages, { maxMessages: 0, maxTokens: 10 })).toEqual([
      { role: 'system', content: 'You are helpful.' },
      { role: 'user', content: 'x'.repeat(10_000) },
    ]);
  });

  it('puts the newest user message before the tool turns of the running answer when they fill the window', () => {
    const messages = [
      user('old'),
      assistant('old answer'),
      user('Question'),
      calling(call('a')),
      result('a', 'A'),
      calling(call('b')),
      result('b', 'B'),
    ];
    const window = build(messages, { maxMessages: 2 });
    expect(window.slice(1)).toEqual([
      { role: 'user', content: 'Question' },
      { role: 'assistant', content: null, tool_calls: [call('b')] },
      { role: 'tool', tool_call_id: 'b', content: 'B' },
    ]);
  });

  it('does not change the messages it was given', () => {
    const messages = [user('Q'), calling(call('a')), result('a', 'A')];
    const copy = structuredClone(messages);
    const window = build(messages);
    const sent = window[2];
    if (sent.role === 'assistant') sent.tool_calls?.push(call('z'));
    expect(messages).toEqual(copy);
  });
});

describe('buildRequestMessages with keepThinking (Anthropic, Gemini)', () => {
  it('keeps signed reasoning and failed results only when asked', () => {
    const messages = [
      user('q'),
      message('assistant', '', { toolCalls: [call('c1')], thinking: 'plan', thinkingSignature: 'sig' }),
      result('c1', '', { error: 'boom' }),
      assistant('a', { thinking: 'unsigned' }),
    ];
    const kept = build(messages, { keepThinking: true });
    expect(kept[2]).toMatchObject({ role: 'assistant', reasoning: { thinking: 'plan', signature: 'sig' } });
    expect(kept[3]).toEqual({ role: 'tool', tool_call_id: 'c1', content: 'Error: boom', is_error: true });
    expect(kept[4]).toEqual({ role: 'assistant', content: 'a' });
    const plain = build(messages);
    expect(JSON.stringify(plain)).not.toMatch(/reasoning|is_error|sig/);
  });
});
