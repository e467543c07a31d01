import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockAnthropic, type MockAnthropic } from '../../../../test-support/mock-anthropic';
import { streamAnthropic } from './anthropic-provider';
import { toAnthropicMessages } from './anthropic-request';
import { AnthropicStreamAccumulator } from '../streams/anthropic-stream';
import type { ChatRequestMessage } from '../chat-messages';
import type { ChatStreamState } from '../streams/chat-stream-state';
import type { ChatRequest } from './provider';
import { ProviderError } from './provider-errors';
import { TOOL_DEFINITIONS } from '../tools';

let mock: MockAnthropic;
beforeAll(async () => {
  mock = await startMockAnthropic();
});
afterAll(async () => {
  await mock.close();
});

async function run(request: Partial<ChatRequest> & { messages: ChatRequestMessage[] }) {
  const states: ChatStreamState[] = [];
  const stream = streamAnthropic({ baseUrl: mock.url, apiKey: 'good-key', model: 'claude-mock-1', ...request });
  for await (const state of stream) states.push(state);
  return states;
}

async function failure(request: Partial<ChatRequest> & { messages: ChatRequestMessage[] }): Promise<ProviderError> {
  try {
    await run(request);
  } catch (error) {
    return error as ProviderError;
  }
  throw new Error('expected a failure');
}

describe('streamAnthropic against a server speaking the Messages stream', () => {
  it('streams text and a signed thinking block, with the headers a page must send', async () => {
    const states = await run({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
      ],
    });
    const final = states.at(-1)!;
    expect(final).toMatchObject({
      content: 'Hello from Claude.',
      thinking: 'Thinking about it.',
      thinkingSignature: 'sig-hello-456',
      finishReason: 'end_turn',
      done: true,
      toolCalls: [],
    });
    expect(states.some((state) => state.content === 'Hello from')).toBe(true);
    const { headers, body } = mock.requests.at(-1)!;
    expect(headers['anthropic-dangerous-direct-browser-access']).toBe('true');
    expect(headers['x-api-key']).toBe('good-key');
    expect(headers.authorization).toBeUndefined();
    expect(body).toMatchObject({ system: 'Be brief.', max_tokens: 8192, stream: true, messages: [{ role: 'user' }] });
  });

  it('joins a tool_use input split across input_json_delta events', async () => {
    const states = await run({ messages: [{ role: 'user', content: 'tool please' }], tools: TOOL_DEFINITIONS });
    expect(states.at(-1)).toMatchObject({
      finishReason: 'tool_use',
      thinkingSignature: 'sig-tool-123',
      toolCalls: [
        { id: 'toolu_1', type: 'function', function: { name: 'list_content', arguments: '{"offset": 0, "limit": 5}' } },
      ],
    });
    const tools = mock.requests.at(-1)!.body.tools!;
    expect(tools.map((tool) => tool.name)).toContain('read_content');
    expect(tools[0]).toHaveProperty('input_schema.type', 'object');
  });

  it('reports an overloaded_error body (529) and an error event mid-stream in plain words', async () => {
    const overloaded = await failure({ messages: [{ role: 'user', content: 'overloaded' }] });
    expect(overloaded.kind).toBe('server');
    expect(overloaded.status).toBe(529);
    expect(overloaded.message).toMatch(/failed to answer \(529\).*Overloaded/);
    const broken = await failure({ messages: [{ role: 'user', content: 'stream error' }] });
    expect(broken.kind).toBe('server');
    expect(broken.message).toMatch(/reported an error while answering.*Overloaded/);
    expect(broken.partial?.content).toBe('Half an ans');
  });

  it('a wrong key is unauthorized and never quoted', async () => {
    const error = await failure({ apiKey: 'bad-secret', messages: [{ role: 'user', content: 'hi' }] });
    expect(error.kind).toBe('unauthorized');
    expect(error.message).not.toContain('bad-secret');
  });
});

describe('toAnthropicMessages', () => {
  it('sends thinking back with its signature, tool calls as tool_use and results as tool_result', () => {
    const { system, messages } = toAnthropicMessages([
      { role: 'system', content: 'S' },
      { role: 'user', content: 'q' },
      {
        role: 'assistant',
        content: null,
        reasoning: { thinking: 'plan', signature: 'sig' },
        tool_calls: [{ id: 't1', type: 'function', function: { name: 'list_content', arguments: '{"limit":5}' } }],
      },
      { role: 'tool', tool_call_id: 't1', content: '{"items":[]}', is_error: true },
      { role: 'assistant', content: 'done', reasoning: { thinking: 'x', signature: 'gemini:abc' } },
      { role: 'user', content: 'next' },
    ]);
    expect(system).toBe('S');
    expect(messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'q' }] },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'plan', signature: 'sig' },
          { type: 'tool_use', id: 't1', name: 'list_content', input: { limit: 5 } },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: '{"items":[]}', is_error: true }] },
      { role: 'assistant', content: [{ type: 'text', text: 'done' }] },
      { role: 'user', content: [{ type: 'text', text: 'next' }] },
    ]);
  });

  it('the accumulator ignores pings and unknown blocks, and keeps a tool without arguments callable', () => {
    const accumulator = new AnthropicStreamAccumulator();
    accumulator.pushData('{"type":"ping"}');
    accumulator.pushData('{"type":"content_block_start","index":0,"content_block":{"type":"redacted_thinking","data":"x"}}');
    accumulator.pushData(
      '{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"t","name":"list_content","input":{}}}',
    );
    accumulator.pushData('{"type":"content_block_stop","index":1}');
    accumulator.pushData('{"type":"message_delta","delta":{"stop_reason":"tool_use"}}');
    expect(accumulator.isComplete).toBe(true);
    expect(accumulator.snapshot().toolCalls[0].function.arguments).toBe('{}');
    expect(() => accumulator.pushData('{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}')).toThrow(
      expect.objectContaining({ kind: 'rate-limited' }),
    );
  });
});
