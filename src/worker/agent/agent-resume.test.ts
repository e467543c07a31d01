import { beforeEach, describe, expect, it } from 'vitest';
import { ChangeFeed } from '../change-feed';
import type { Repositories } from '../db/repositories';
import { createSqliteRepositories } from '../db/sqlite';
import { openTestClient } from '../db/test-support';
import { newMessage } from '../db/new-message';
import { AgentService } from './agent-service';
import type { ModelTurn } from './model-turn';
import { ToolGate } from './tool-gate';
import { ToolQuestions } from './tool-questions';
import type { ToolRunner } from './tool-runner';

/**
 * `agent.resume`: what the next owner runs for an answer the closed owner was asked for
 * (call-policy.ts). It must answer a question nobody began to answer, exactly once, and never a
 * second time a question that has an answer (begun, interrupted or done). The real service on
 * the real engine; only the model is scripted, as a provider would answer.
 */

let repos: Repositories;
/** How many times the model was asked, and a gate that holds its answer until released. */
let asked: number;
let release: () => void;
let held: Promise<void>;

const model: ModelTurn = {
  run: async () => {
    asked++;
    await held;
    return { content: 'The answer.', thinking: null, toolCalls: null };
  },
};

function agent(): AgentService {
  const changes = new ChangeFeed();
  const questions = new ToolQuestions(changes);
  const noMcp = async () => ({ tools: [], problems: [], has: () => false, info: () => undefined, close: async () => {} });
  return new AgentService(
    repos,
    changes,
    {} as ToolRunner,
    new ToolGate(repos, changes, questions),
    questions,
    () => model,
    () => ({ maxSteps: 8, maxToolCalls: 24 }),
    Date.now,
    noMcp as never,
  );
}

const messages = () => repos.messages.listAfter('s1', null, 50).items.map((m) => ({ role: m.role, content: m.content }));

beforeEach(async () => {
  repos = createSqliteRepositories(await openTestClient());
  repos.sessions.create({ id: 's1', name: 'S', assistantId: 'default', createdAt: 1 });
  repos.messages.insert(newMessage({ sessionId: 's1', role: 'user', content: 'Where is the castle?' }, 2));
  asked = 0;
  held = new Promise((resolve) => (release = resolve));
});

describe('agent.resume on the next owner', () => {
  it('answers a question nobody began to answer', async () => {
    release();
    await agent().resume('s1');
    expect(asked).toBe(1);
    expect(messages()).toEqual([
      { role: 'user', content: 'Where is the castle?' },
      { role: 'assistant', content: 'The answer.' },
    ]);
  });

  it('leaves alone a question whose answer was begun, as the closed owner left it', async () => {
    const begun = newMessage({ sessionId: 's1', role: 'assistant', content: 'The castle is', error: 'Interrupted' }, 3);
    repos.messages.insert(begun);
    release();
    await agent().resume('s1');
    expect(asked).toBe(0);
    expect(messages().at(-1)).toEqual({ role: 'assistant', content: 'The castle is' });
  });

  it('starts no second answer while this worker is writing one', async () => {
    const service = agent();
    const answering = service.respond('s1');
    await expect.poll(() => asked).toBe(1);
    await service.resume('s1');
    release();
    await answering;
    expect(asked).toBe(1);
    expect(messages().filter((m) => m.role === 'assistant')).toEqual([{ role: 'assistant', content: 'The answer.' }]);
  });

  it('refuses a session that does not exist', async () => {
    await expect(agent().resume('nope')).rejects.toMatchObject({ code: 'NotFound' });
    expect(asked).toBe(0);
  });
});
