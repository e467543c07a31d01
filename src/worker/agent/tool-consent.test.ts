import { beforeEach, describe, expect, it } from 'vitest';
import type { Message, ToolCall } from '../../shared/entities';
import { ChangeFeed, type ChangeEvent } from '../change-feed';
import type { Repositories } from '../db/repositories';
import { createSqliteRepositories } from '../db/sqlite';
import { openTestClient } from '../db/test-support';
import { newMessage } from '../db/new-message';
import { AgentService } from './agent-service';
import type { McpToolbox } from './mcp/mcp-toolbox';
import type { ModelTurn, TurnOutput, TurnRequest } from './model-turn';
import { ToolGate } from './tool-gate';
import { displayArguments, ToolQuestions, type ToolQuestion } from './tool-questions';
import type { ToolOutcome, ToolRunner } from './tool-runner';

let repos: Repositories;
let changes: ChangeFeed;
let events: ChangeEvent[];
let questions: ToolQuestions;
/** The built-in tool calls that really ran. */
let ran: string[];
/** What the model was given back for each call it made, by call id. */
let requests: TurnRequest[];
let contentId: string;

const call = (id: string, name: string, args: object): ToolCall => ({
  id,
  type: 'function',
  function: { name, arguments: JSON.stringify(args) },
});

/** A model that asks for `calls` in its first turn (or every turn, with `forever`), then answers. */
function scriptedModel(calls: ToolCall[], forever = false): ModelTurn {
  return {
    run: async (request) => {
      requests.push(request);
      const afterTools = request.history.at(-1)?.role === 'tool';
      const output: TurnOutput =
        afterTools && !forever
          ? { content: 'Done.', thinking: null, toolCalls: null }
          : { content: '', thinking: null, toolCalls: calls.map((c) => ({ ...c, id: `${c.id}-${requests.length}` })) };
      return output;
    },
  };
}

const tools = {
  run: async (_sessionId: string, toolCall: ToolCall): Promise<ToolOutcome> => {
    ran.push(toolCall.function.name);
    return { content: '{"ok":true}', error: null };
  },
} as unknown as ToolRunner;

function agent(model: ModelTurn, limits = { maxSteps: 8, maxToolCalls: 24 }, mcp?: Partial<McpToolbox>): AgentService {
  const gate = new ToolGate(repos, changes, questions);
  const openMcp = async () => ({
    tools: [],
    problems: [],
    has: () => false,
    info: () => undefined,
    close: async () => {},
    ...mcp,
  });
  const servers = mcp ? [{ name: 'files', url: 'http://127.0.0.1:9/mcp' }] : [];
  repos.assistants.update('default', { modelSettings: { mcpServers: servers } }, 1);
  return new AgentService(
    repos,
    changes,
    tools,
    gate,
    questions,
    () => model,
    () => limits,
    Date.now,
    openMcp as never,
  );
}

/** The question once it is asked (the answer waits for it). */
async function asked(): Promise<ToolQuestion> {
  for (let i = 0; i < 100 && questions.list().length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  const [question] = questions.list();
  expect(question).toBeDefined();
  return question;
}

const toolResults = (): Message[] => repos.messages.listAfter('s1', null, 500).items.filter((m) => m.role === 'tool');

beforeEach(async () => {
  repos = createSqliteRepositories(await openTestClient());
  changes = new ChangeFeed();
  events = [];
  changes.subscribe((event) => void events.push(event));
  questions = new ToolQuestions(changes);
  ran = [];
  requests = [];
  repos.sessions.create({ id: 's1', name: 'S', assistantId: 'default', createdAt: 1 });
  const item = repos.contentStore.addContent(
    's1',
    { id: 'precious', filename: 'precious.txt', mimeType: 'text/plain', size: 5, content: 'keep\nme' },
    [],
  );
  contentId = item.id;
  repos.messages.insert(newMessage({ sessionId: 's1', role: 'user', content: 'Summarize my notes' }, 1));
});

describe('tools an injected prompt could abuse ask the user first', () => {
  it('a refused delete_content does not run; the model reads a tool error and the answer goes on', async () => {
    const answering = agent(scriptedModel([call('c1', 'delete_content', { content_id: contentId })])).respond('s1');
    const question = await asked();
    expect(question).toMatchObject({ tool: 'delete_content', server: null, sessionId: 's1', assistantName: 'LibrAgent' });
    expect(question.arguments).toBe(`{\n  "content_id": "${contentId}"\n}`);
    expect(question.summary).toContain('“precious.txt” (2 lines)');
    expect(events).toContainEqual({ kind: 'questions', sessionId: 's1' });
    expect(questions.answer(question.id, 'refuse')).toBe(true);
    expect(questions.answer(question.id, 'allow')).toBe(false); // a second answer changes nothing
    await answering;
    expect(ran).toEqual([]);
    expect(toolResults()[0].error).toMatch(/The user refused to run delete_content/);
    expect(requests.at(-1)?.history.at(-1)).toMatchObject({ role: 'tool', error: expect.stringMatching(/refused/) });
    expect(repos.messages.listAfter('s1', null, 500).items.at(-1)).toMatchObject({ content: 'Done.', isStreaming: false });
    expect(questions.list()).toEqual([]);
  });

  it('allow runs that one call; "always" runs it and skips the question next time, until revoked', async () => {
    const model = scriptedModel([call('c1', 'delete_content', { content_id: contentId })]);
    const first = agent(model).respond('s1');
    questions.answer((await asked()).id, 'allow');
    await first;
    expect(ran).toEqual(['delete_content']);
    expect(repos.assistants.toolGrants('default')).toEqual([]);

    repos.messages.insert(newMessage({ sessionId: 's1', role: 'user', content: 'again' }, 2));
    const second = agent(model).respond('s1');
    questions.answer((await asked()).id, 'always');
    await second;
    expect(ran).toEqual(['delete_content', 'delete_content']);
    expect(repos.assistants.toolGrants('default')).toMatchObject([{ tool: 'delete_content', serverUrl: null }]);
    expect(events).toContainEqual({ kind: 'assistants' });

    repos.messages.insert(newMessage({ sessionId: 's1', role: 'user', content: 'and again' }, 3));
    await agent(model).respond('s1'); // no question: it would never resolve
    expect(ran).toHaveLength(3);

    repos.assistants.revokeTool('default', { tool: 'delete_content', serverUrl: null });
    repos.messages.insert(newMessage({ sessionId: 's1', role: 'user', content: 'once more' }, 4));
    const fourth = agent(model).respond('s1');
    questions.answer((await asked()).id, 'refuse');
    await fourth;
    expect(ran).toHaveLength(3);
  });

  it('read-only tools never ask', async () => {
    const model = scriptedModel([call('c1', 'keyword_search', { query: 'x' }), call('c2', 'list_content', {})]);
    await agent(model).respond('s1');
    expect(ran).toEqual(['keyword_search', 'list_content']);
    expect(events).not.toContainEqual(expect.objectContaining({ kind: 'questions' }));
  });

  it('Stop while the question waits runs nothing, takes the question away and ends the answer', async () => {
    const service = agent(scriptedModel([call('c1', 'delete_content', { content_id: contentId })]));
    const answering = service.respond('s1');
    await asked();
    expect(service.stop('s1')).toBe(true);
    await answering;
    expect(ran).toEqual([]);
    expect(questions.list()).toEqual([]);
    expect(toolResults()[0].error).toMatch(/Not run: the answer was stopped/);
    expect(repos.messages.listStreaming()).toEqual([]);
  });

  it('deleting the session while its question waits stops the answer, running nothing', async () => {
    const service = agent(scriptedModel([call('c1', 'delete_content', { content_id: contentId })]));
    const answering = service.respond('s1');
    await asked();
    service.stop('s1'); // what sessions.delete does first
    repos.sessions.delete('s1');
    await answering.catch(() => undefined);
    expect(ran).toEqual([]);
    expect(questions.list()).toEqual([]);
    expect(service.isRunning('s1')).toBe(false);
  });

  it('an MCP tool of an unverified server (a restored backup brought it) asks even when it says read-only', async () => {
    const mcp = {
      has: () => true,
      info: () => ({ server: { name: 'theirs', url: 'https://mcp.example/', unverified: true }, tool: 'echo', readOnly: true }),
      call: async () => ({ content: 'ok', error: null }),
    } as unknown as Partial<McpToolbox>;
    const answering = agent(scriptedModel([call('c1', 'mcp_theirs_echo', { text: 'hi' })]), undefined, mcp).respond('s1');
    const question = await asked();
    expect(question).toMatchObject({ tool: 'mcp_theirs_echo' });
    questions.answer(question.id, 'refuse');
    await answering;
  });

  it('an MCP tool asks unless its server marked it read-only, and "always" is kept for that server and tool', async () => {
    const info = (name: string) =>
      name === 'mcp_files_delete_all'
        ? {
            server: { name: 'files', url: 'http://127.0.0.1:9/mcp?access_token=tok-secret' },
            tool: 'delete_all',
            readOnly: false,
          }
        : { server: { name: 'files', url: 'http://127.0.0.1:9/mcp?access_token=tok-secret' }, tool: 'echo', readOnly: true };
    const mcpRan: string[] = [];
    const mcp = {
      has: () => true,
      info,
      call: async (toolCall: ToolCall) => {
        mcpRan.push(toolCall.function.name);
        return { content: 'ok', error: null };
      },
    } as unknown as Partial<McpToolbox>;
    const model = scriptedModel([call('c1', 'mcp_files_echo', { text: 'hi' }), call('c2', 'mcp_files_delete_all', {})]);
    const answering = agent(model, undefined, mcp).respond('s1');
    const question = await asked();
    expect(mcpRan).toEqual(['mcp_files_echo']);
    // The token in the server's address is neither shown in the question nor stored with the grant.
    expect(question).toMatchObject({
      tool: 'mcp_files_delete_all',
      server: { name: 'files', url: 'http://127.0.0.1:9/mcp?access_token=' },
    });
    questions.answer(question.id, 'always');
    await answering;
    expect(mcpRan).toEqual(['mcp_files_echo', 'mcp_files_delete_all']);
    expect(repos.assistants.toolGrants('default')).toMatchObject([
      { tool: 'delete_all', serverUrl: 'http://127.0.0.1:9/mcp?access_token=' },
    ]);
    expect(JSON.stringify(repos.assistants.toolGrants('default'))).not.toContain('tok-secret');
  });

  it('an answer that keeps calling tools stops at the cap, every call answered, with a clear message', async () => {
    const model = scriptedModel(
      [call('a', 'list_content', {}), call('b', 'list_content', {}), call('c', 'list_content', {})],
      true,
    );
    await agent(model, { maxSteps: 50, maxToolCalls: 7 }).respond('s1');
    expect(ran).toHaveLength(7);
    expect(requests).toHaveLength(3); // 3 + 3 + 1 run, 2 refused by the cap
    const results = toolResults();
    expect(results).toHaveLength(9);
    expect(results.slice(7).map((result) => result.error)).toEqual([
      'Not run: this answer reached its limit of 7 tool calls.',
      'Not run: this answer reached its limit of 7 tool calls.',
    ]);
    const last = repos.messages.listAfter('s1', null, 500).items.at(-1);
    expect(last?.error).toBe(
      'Stopped after 7 tool calls: the assistant kept calling tools without answering. Raise the limit in Settings if it needs more.',
    );
    expect(repos.messages.listStreaming()).toEqual([]);
  });
});

describe('displayArguments', () => {
  it('indents JSON and writes out invisible and direction-changing characters', () => {
    expect(displayArguments('{"a":"x\u202Eyz\u200B"}')).toBe('{\n  "a": "x\\u202eyz\\u200b"\n}');
    expect(displayArguments('not json \u0007 \u2066')).toBe('not json \\u0007 \\u2066');
    expect(displayArguments('')).toBe('');
  });
});
