import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockGemini, type MockGemini } from '../../../../test-support/mock-gemini';
import type { ChatRequestMessage } from '../chat-messages';
import { streamGemini } from './gemini-provider';
import { geminiSchema, toGeminiContents } from './gemini-request';
import type { ChatStreamState } from '../streams/chat-stream-state';
import type { ChatRequest } from './provider';
import { ProviderError } from './provider-errors';
import { listModelsFor } from './provider-kinds';
import { TOOL_DEFINITIONS } from '../tools';

let mock: MockGemini;
beforeAll(async () => {
  mock = await startMockGemini();
});
afterAll(async () => {
  await mock.close();
});

async function run(request: Partial<ChatRequest> & { messages: ChatRequestMessage[] }) {
  const states: ChatStreamState[] = [];
  for await (const state of streamGemini({ baseUrl: mock.url, apiKey: 'good-key', model: 'gemini-mock', ...request })) {
    states.push(state);
  }
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

describe('streamGemini against a server speaking streamGenerateContent?alt=sse', () => {
  it('streams thoughts and text to the finish reason', async () => {
    const states = await run({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
      ],
      temperature: 0.2,
    });
    expect(states.at(-1)).toMatchObject({
      content: 'Hello from Gemini.',
      thinking: 'Pondering the greeting.',
      finishReason: 'STOP',
    });
    expect(states.some((state) => state.content === 'Hello')).toBe(true);
    const { url, body } = mock.requests.at(-1)!;
    expect(url).toBe('/v1beta/models/gemini-mock:streamGenerateContent?alt=sse');
    expect(body).toMatchObject({
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
      generationConfig: { temperature: 0.2 },
    });
  });

  it('reads a functionCall and its thought signature; declares tools without unsupported keywords', async () => {
    const states = await run({ messages: [{ role: 'user', content: 'tool please' }], tools: TOOL_DEFINITIONS });
    const final = states.at(-1)!;
    expect(final.toolCalls).toHaveLength(1);
    expect(final.toolCalls[0].function).toEqual({ name: 'list_content', arguments: '{"offset":0,"limit":5}' });
    expect(final.thinkingSignature).toBe('gemini:gsig-1');
    const declared = mock.requests.at(-1)!.body.tools![0].functionDeclarations;
    expect(declared).toHaveLength(5);
    expect(JSON.stringify(declared)).not.toContain('additionalProperties');
  });

  it("reports Gemini's error body (429) and an error inside the stream", async () => {
    const limited = await failure({ messages: [{ role: 'user', content: 'fail 429' }] });
    expect(limited.kind).toBe('rate-limited');
    expect(limited.message).toMatch(/429.*Resource has been exhausted/);
    const broken = await failure({ messages: [{ role: 'user', content: 'stream error' }] });
    expect(broken.kind).toBe('server');
    expect(broken.message).toMatch(/Internal error encountered/);
    expect(broken.partial?.content).toBe('Half an ans');
    const key = await failure({ apiKey: 'nope', messages: [{ role: 'user', content: 'hi' }] });
    expect(key.kind).toBe('bad-request');
    expect(key.message).toMatch(/API key not valid/);
  });

  it('lists models without the models/ prefix', async () => {
    expect(await listModelsFor('gemini', { baseUrl: mock.url, apiKey: 'good-key' })).toEqual(['gemini-mock', 'gemini-mock-pro']);
  });
});

describe('toGeminiContents', () => {
  it('maps calls to functionCall (with the signature) and results to functionResponse by name', () => {
    const { contents } = toGeminiContents([
      { role: 'user', content: 'q' },
      {
        role: 'assistant',
        content: null,
        reasoning: { thinking: '', signature: 'gemini:sig' },
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'read_content', arguments: '{"content_id":"a"}' } }],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'plain text' },
      { role: 'assistant', content: 'ok', reasoning: { thinking: 't', signature: 'anthropic-sig' } },
    ]);
    expect(contents).toEqual([
      { role: 'user', parts: [{ text: 'q' }] },
      { role: 'model', parts: [{ functionCall: { name: 'read_content', args: { content_id: 'a' } }, thoughtSignature: 'sig' }] },
      { role: 'user', parts: [{ functionResponse: { name: 'read_content', response: { result: 'plain text' } } }] },
      { role: 'model', parts: [{ text: 'ok' }] },
    ]);
  });

  it('keeps property names that look like dropped keywords', () => {
    expect(
      geminiSchema({ type: 'object', additionalProperties: false, properties: { default: { type: 'string', default: 'x' } } }),
    ).toEqual({ type: 'object', properties: { default: { type: 'string' } } });
  });
});
