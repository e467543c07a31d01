import type { Remote } from 'comlink';
import { describe, expect, it } from 'vitest';
import type { ChangeEvent, WorkerApi } from '../../shared/api';
import { WorkerHost, type WorkerHandle } from './worker-host';

interface FakeWorker extends WorkerHandle {
  calls: string[];
  kill(): void;
}

/** A worker whose calls are recorded; `stall` lists paths it never answers (as a dying worker). */
function fakeWorker(index: number, stall: string[] = []): FakeWorker {
  let kill = () => {};
  const calls: string[] = [];
  const answer =
    (path: string) =>
    (...args: unknown[]) => {
      calls.push(path);
      if (stall.includes(path)) return new Promise(() => {});
      return Promise.resolve({ path, args, worker: index });
    };
  const space = (name: string) => new Proxy({}, { get: (_target, key) => answer(`${name}.${String(key)}`) });
  const remote = {
    start: answer('start'),
    onChange: answer('onChange'),
    sessions: space('sessions'),
    messages: space('messages'),
    assistants: space('assistants'),
    agent: space('agent'),
  } as unknown as Remote<WorkerApi>;
  return { remote, calls, died: new Promise<void>((resolve) => (kill = resolve)), terminate: () => kill(), kill: () => kill() };
}

function host(stalls: string[][] = []) {
  const workers: FakeWorker[] = [];
  const restarts: boolean[] = [];
  const made = new WorkerHost(
    () => {
      const worker = fakeWorker(workers.length, stalls[workers.length]);
      workers.push(worker);
      return worker;
    },
    (outcome) => restarts.push(outcome.ok),
  );
  return { host: made, api: made.api, workers, restarts };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('WorkerHost', () => {
  it('calls the worker by path', async () => {
    const { api, workers } = host();
    await expect(api.sessions.list('trip')).resolves.toEqual({ path: 'sessions.list', args: ['trip'], worker: 0 });
    expect(workers[0].calls).toEqual(['sessions.list']);
  });

  it('gives creating calls their ids before the first attempt', async () => {
    const { api } = host();
    const sent = (await api.messages.send('s1', 'hi')) as unknown as { args: unknown[] };
    expect(sent.args[3]).toEqual(expect.any(String));
  });

  it('restarts a dead worker as it was started, resubscribes, and tells the views and the user', async () => {
    const { api, workers, restarts } = host();
    const events: ChangeEvent[] = [];
    await api.start({ slowAssistantTickMs: 100 });
    await api.onChange((event: ChangeEvent) => void events.push(event));
    workers[0].kill();
    await flush();
    expect(workers).toHaveLength(2);
    expect(workers[1].calls).toEqual(['start', 'onChange']);
    expect(events).toEqual([{ kind: 'all' }]);
    expect(restarts).toEqual([true]);
    await expect(api.sessions.list()).resolves.toMatchObject({ worker: 1 });
  });

  it('repeats the safe calls the dead worker never answered, and fails the others with Busy', async () => {
    const { api, workers } = host([['sessions.list', 'messages.send', 'assistants.create', 'agent.respond']]);
    const read = api.sessions.list();
    const send = api.messages.send('s1', 'hi');
    const create = api.assistants.create({ name: 'x' } as never);
    const answer = api.agent.respond('s1');
    await flush();
    workers[0].kill();
    await expect(read).resolves.toMatchObject({ worker: 1 });
    const first = workers[0].calls.length;
    expect(first).toBe(4);
    await expect(send).resolves.toMatchObject({ path: 'messages.send', worker: 1 });
    await expect(create).rejects.toMatchObject({ code: 'Busy' });
    await expect(answer).resolves.toMatchObject({ path: 'agent.resume', worker: 1 });
  });

  it('gives up after too many deaths in a minute', async () => {
    const { workers, restarts } = host();
    for (let death = 0; death < 6; death++) {
      workers.at(-1)!.kill();
      await flush();
    }
    expect(restarts).toEqual([true, true, true, true, true, false]);
    expect(workers).toHaveLength(6);
  });
});
