import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../shared/errors';
import { BUSY_MESSAGE } from '../../shared/call-policy';
import type { ChangeEvent } from '../change-feed';
import { OwnerLink, type LinkOptions, type Wire } from './owner-link';

const opened: { close(): void }[] = [];
let channelName = 0;
let name = '';

function channel(): BroadcastChannel {
  const made = new BroadcastChannel(name);
  opened.push(made);
  return made;
}

interface Tab {
  link: OwnerLink;
  /** The tab's end of the channel: a listener added to it runs after the link has handled a message. */
  channel: BroadcastChannel;
  executed: string[];
  changes: ChangeEvent[];
  owners: string[];
}

/** A tab's worker on the test channel; `execute` answers as that tab's database would. */
function tab(
  id: string,
  execute: LinkOptions['execute'] = async (path, args) => ({ path, args, by: id }),
  checks: Pick<LinkOptions, 'isRealOwner' | 'proveOwnership'> = {},
): Tab {
  const made: Tab = {
    link: undefined as unknown as OwnerLink,
    channel: channel(),
    executed: [],
    changes: [],
    owners: [],
  };
  made.link = new OwnerLink(made.channel, id, {
    execute: (path, args) => {
      made.executed.push(path);
      return execute(path, args);
    },
    onChange: (event) => made.changes.push(event),
    onOwnerChanged: (owner) => made.owners.push(owner),
    timeouts: { noOwnerMs: 1500, resultMs: 300 },
    ...checks,
  });
  opened.push(made.link);
  return made;
}

const never = () => new Promise<never>(() => {});
const tick = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));
/** Waits for what the channel delivers, without a timer (so it works under fake timers too). */
async function until(condition: () => boolean): Promise<void> {
  for (let turns = 0; !condition(); turns++) {
    if (turns > 10_000) throw new Error('The condition never held.');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Posts a marker on `from`'s channel and waits until `to` has heard it. Messages from one channel
 * arrive in order, so anything `from` posted before the marker has been handled by `to`'s link by
 * then (the link's handler runs before this listener, added later).
 */
async function heardEverythingBefore(from: Tab, to: Tab): Promise<void> {
  const marker = `marker-${Math.random()}`;
  let heard = false;
  const listener = (event: MessageEvent) => void ((event.data as { t?: string }).t === marker && (heard = true));
  to.channel.addEventListener('message', listener);
  from.channel.postMessage({ t: marker });
  await until(() => heard);
  to.channel.removeEventListener('message', listener);
}

/** A claim check that counts the claims it was asked about, so a test can wait until one was judged. */
function counted(check: NonNullable<LinkOptions['isRealOwner']>) {
  const judged = { count: 0 };
  const isRealOwner: LinkOptions['isRealOwner'] = async (owner, proof) => {
    try {
      return await check(owner, proof);
    } finally {
      judged.count++;
    }
  };
  return { judged, isRealOwner };
}

describe('OwnerLink', () => {
  beforeEachChannel();

  it("forwards a call to the owner and returns the owner's result", async () => {
    const owner = tab('owner');
    owner.link.becomeOwner();
    const follower = tab('follower');
    await expect(follower.link.call('sessions.list', ['x'])).resolves.toEqual({
      path: 'sessions.list',
      args: ['x'],
      by: 'owner',
    });
    expect(owner.executed).toEqual(['sessions.list']);
    expect(follower.link.waiting).toBe(0);
  });

  it('keeps the error code of a failure in the owner', async () => {
    const owner = tab('owner', async () => {
      throw new AppError('NotFound', 'Session s1 was not found.');
    });
    owner.link.becomeOwner();
    const error = await tab('follower')
      .link.call('sessions.get', ['s1'])
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'NotFound', message: 'Session s1 was not found.' });
  });

  it('fails with Busy when no tab owns the database in time', async () => {
    const error = await tab('lonely')
      .link.call('sessions.list', [])
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'Busy' });
  });

  it('sends a call that nobody heard again to the next owner', async () => {
    const follower = tab('follower');
    const waiting = follower.link.call('sessions.list', []);
    await tick();
    const owner = tab('next');
    owner.link.becomeOwner();
    await expect(waiting).resolves.toMatchObject({ by: 'next' });
  });

  it('runs its own waiting calls itself when it becomes the owner', async () => {
    const follower = tab('follower');
    const waiting = follower.link.call('messages.send', ['s1', 'hello']);
    await tick();
    follower.link.becomeOwner();
    await expect(waiting).resolves.toMatchObject({ by: 'follower' });
    expect(follower.link.isOwner).toBe(true);
  });

  describe('when the owner goes away after it took a call', () => {
    async function orphan(path: string, args: unknown[] = []) {
      const old = tab('old', never);
      old.link.becomeOwner();
      const follower = tab('follower');
      const call = follower.link.call(path, args);
      call.catch(() => undefined);
      await vi.waitFor(() => expect(old.executed).toEqual([path]));
      old.link.close(); // its tab closed mid-call
      return { follower, call };
    }

    it('repeats a read on the next owner', async () => {
      const { call } = await orphan('messages.history', ['s1']);
      const next = tab('next');
      next.link.becomeOwner();
      await expect(call).resolves.toMatchObject({ path: 'messages.history', by: 'next' });
    });

    it('repeats a write made idempotent by its id', async () => {
      const { call } = await orphan('messages.send', ['s1', 'hi', [], 'm1']);
      tab('next').link.becomeOwner();
      await expect(call).resolves.toMatchObject({ args: ['s1', 'hi', [], 'm1'], by: 'next' });
    });

    it('takes "not found" on a repeated delete as done', async () => {
      const { call } = await orphan('sessions.delete', ['s1']);
      tab('next', async () => {
        throw new AppError('NotFound', 'gone');
      }).link.becomeOwner();
      await expect(call).resolves.toBeUndefined();
    });

    it('fails a write that cannot be repeated with Busy', async () => {
      const { call } = await orphan('assistants.create', [{ name: 'x' }]);
      const next = tab('next');
      next.link.becomeOwner();
      await expect(call).rejects.toMatchObject({ code: 'Busy', message: BUSY_MESSAGE });
      expect(next.executed).toEqual([]);
    });

    it('asks for an answer again only in its resuming form', async () => {
      const { call } = await orphan('agent.respond', ['s1']);
      const next = tab('next', async () => undefined);
      next.link.becomeOwner();
      await expect(call).resolves.toBeUndefined();
      expect(next.executed).toEqual(['agent.resume']);
    });

    it('ends a retried answer quietly', async () => {
      const { call } = await orphan('agent.retry', ['m1']);
      tab('next').link.becomeOwner();
      await expect(call).resolves.toBeUndefined();
    });
  });

  it('fails with Busy when the owner took a call and never answered', async () => {
    tab('stuck', never).link.becomeOwner();
    await expect(tab('follower').link.call('sessions.list', [])).rejects.toMatchObject({ code: 'Busy' });
  });

  it('never bounds an answer being written, which can take minutes', async () => {
    // Only the timers are faked: the channel is real. Ten minutes pass with the call taken.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const writer = tab('writer', never);
      writer.link.becomeOwner();
      const follower = tab('follower');
      let settled = false;
      let acknowledged = false;
      follower.channel.addEventListener('message', (event) => void ((event.data as Wire).t === 'ack' && (acknowledged = true)));
      void follower.link
        .call('agent.respond', ['s1'])
        .finally(() => (settled = true))
        .catch(() => undefined);
      await until(() => acknowledged && writer.executed.includes('agent.respond')); // taken, and the follower knows
      await vi.advanceTimersByTimeAsync(10 * 60_000);
      expect(settled).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('runs a call it hears twice only once, and answers both', async () => {
    const owner = tab('owner');
    owner.link.becomeOwner();
    const raw = channel();
    const results: Wire[] = [];
    raw.onmessage = (event) => {
      if ((event.data as Wire).t === 'result') results.push(event.data as Wire);
    };
    const call: Wire = { t: 'call', id: 'x:1', from: 'x', path: 'sessions.create', args: [{ id: 's1' }] };
    raw.postMessage(call);
    raw.postMessage(call);
    await vi.waitFor(() => expect(results).toHaveLength(2));
    expect(owner.executed).toEqual(['sessions.create']);
  });

  it("tells the other tabs about the owner's writes, and who the owner is", async () => {
    const owner = tab('owner');
    const a = tab('a');
    const b = tab('b');
    owner.link.becomeOwner();
    owner.link.broadcastChange({ kind: 'sessions' });
    owner.link.broadcastChange({ kind: 'questions', sessionId: 's1' }); // a tool call waits for the user
    a.link.broadcastChange({ kind: 'assistants' }); // not the owner: says nothing
    const heard = [{ kind: 'sessions' }, { kind: 'questions', sessionId: 's1' }];
    await vi.waitFor(() => expect(b.changes).toEqual(heard));
    await vi.waitFor(() => expect(a.changes).toEqual(heard));
    await heardEverythingBefore(a, b); // whatever a posted, b has handled
    expect(a.changes).toEqual(heard);
    expect(b.changes).toEqual(heard);
    expect(owner.changes).toEqual([]);
    expect(a.owners).toEqual(['owner']);
  });

  it('keeps serving when another page of the origin claims to be the owner or posts junk', async () => {
    const owner = tab('owner');
    owner.link.becomeOwner();
    const follower = tab('follower');
    const stray = channel(); // Any same-origin page can post on the channel.
    stray.postMessage({ t: 'owner', owner: 'forger', proof: 'made up' });
    for (const junk of [
      null,
      'call',
      { t: 'call', id: 'x:1', from: 'forger', path: 'sessions.list', args: 'not a list' },
      { t: 'call', id: { toString: 1 }, from: 'forger', path: '__proto__', args: [] },
      { t: 'result', id: 'follower:1', to: 'follower', ok: false, error: { code: 'NoSuchCode', message: 'x' } },
      { t: 'change', event: { kind: 'everything' } },
      { t: 'change', event: { kind: 'messages' } },
      { t: 'change', event: { kind: 'questions', sessionId: 42 } },
      { t: 'unknown' },
    ]) {
      stray.postMessage(junk);
    }
    await tick(50);
    await expect(follower.link.call('sessions.list', ['after'])).resolves.toMatchObject({ by: 'owner' });
    expect(owner.link.isOwner).toBe(true);
    expect(owner.executed).toEqual(['sessions.list']);
    expect(follower.changes).toEqual([]);
  });

  describe('a claim to own the database', () => {
    /** The claim locks held by the database's holder, as web-lock.ts's holdsDatabase would find them. */
    function databaseHolder() {
      const held = new Set<string>();
      return {
        proveOwnership: async (tabId: string, proof: string) => void held.add(`${tabId}/${proof}`),
        isRealOwner: async (owner: string, proof: string) => held.has(`${owner}/${proof}`),
      };
    }

    it('is ignored from a page that does not hold the lock, a real claim replayed under another name too', async () => {
      const locks = databaseHolder();
      let finish!: () => void;
      const { judged, isRealOwner } = counted(locks.isRealOwner);
      const follower = tab('follower', undefined, { isRealOwner });
      const stray = channel();
      const claims: Wire[] = [];
      stray.onmessage = ({ data }) => void (data.t === 'owner' && claims.push(data as Wire));
      const owner = tab('owner', () => new Promise((resolve) => (finish = () => resolve('created'))), locks);
      owner.link.becomeOwner();
      await vi.waitFor(() => expect(follower.owners).toEqual(['owner']));
      const created = follower.link.call('assistants.create', [{ name: 'A' }]); // 'once': Busy if its owner seemed to go
      await vi.waitFor(() => expect(owner.executed).toEqual(['assistants.create']));
      const [real] = claims as Extract<Wire, { t: 'owner' }>[];
      stray.postMessage({ t: 'owner', owner: 'forger', proof: 'made up' });
      stray.postMessage({ t: 'owner', owner: 'follower', proof: 'made up' });
      stray.postMessage({ t: 'owner', owner: 'forger', proof: real.proof });
      const before = judged.count;
      await until(() => judged.count >= before + 3); // all three forged claims judged
      finish();
      await expect(created).resolves.toBe('created');
      expect(follower.owners).toEqual(['owner']);
      expect(owner.executed).toEqual(['assistants.create']);
    });

    it('is honoured from the worker that holds the lock, once its proof is held', async () => {
      let proven!: () => void;
      const proof = new Promise<void>((resolve) => (proven = resolve));
      const locks = databaseHolder();
      const follower = tab('follower', undefined, { isRealOwner: locks.isRealOwner });
      const waiting = follower.link.call('sessions.list', []);
      const next = tab('next', undefined, {
        proveOwnership: (tabId, drawn) => proof.then(() => locks.proveOwnership(tabId, drawn)),
      });
      next.link.becomeOwner();
      await new Promise((resolve) => setImmediate(resolve)); // what becomeOwner does next, short of the proof
      await heardEverythingBefore(next, follower);
      // Not believed before the lock behind the claim is held (the claim waits for it, and is checked).
      expect(follower.owners).toEqual([]);
      proven();
      await vi.waitFor(() => expect(follower.owners).toEqual(['next']));
      await expect(waiting).resolves.toMatchObject({ by: 'next' });
      expect(next.executed).toEqual(['sessions.list']);
    });

    it('is ignored when it cannot be checked', async () => {
      const { judged, isRealOwner } = counted(() => Promise.reject(new Error('no locks')));
      const follower = tab('follower', undefined, { isRealOwner });
      tab('owner').link.becomeOwner();
      await until(() => judged.count > 0);
      await tick(0); // the rejected check's handler runs
      expect(follower.owners).toEqual([]);
    });
  });

  it('rejects what is waiting when it closes', async () => {
    const follower = tab('follower');
    const waiting = follower.link.call('sessions.list', []);
    follower.link.close();
    await expect(waiting).rejects.toMatchObject({ code: 'Busy' });
  });
});

function beforeEachChannel(): void {
  afterEach(() => {
    for (const item of opened.splice(0)) item.close();
  });
  // A channel per test, so a late message of one test never reaches the next.
  afterEach(() => {
    name = `owner-link-test-${++channelName}`;
  });
  name = `owner-link-test-${++channelName}`;
}
