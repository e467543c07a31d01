import type { Remote } from 'comlink';
import { AppError } from '../../shared/errors';
import type { ChangeEvent, ChangeListener, WorkerApi } from '../../shared/api';
import { BUSY_MESSAGE, callPolicy, repeatable, resumeAs, withCallIds, type CallPolicy } from '../../shared/call-policy';

/** One started database worker, as the host sees it. */
export interface WorkerHandle {
  remote: Remote<WorkerApi>;
  /** Resolves when the worker has died (see life-lock.ts). */
  died: Promise<void>;
  terminate(): void;
}

interface InFlight {
  path: string;
  args: unknown[];
  policy: CallPolicy;
  handle: WorkerHandle;
  /** Sent again to a new worker: a `delete` that then finds nothing was done the first time. */
  repeated?: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Restarts allowed within a minute; a worker that dies more often than that is not restarted. */
const MAX_RESTARTS_PER_MINUTE = 5;

/**
 * The tab's side of its database worker, with one stable API object for the whole UI. When the
 * worker dies under the UI, the host starts a new one, starts it as the first was started,
 * subscribes the same change listeners, and tells them to read everything again. Calls that were
 * waiting on the dead worker are repeated on the new one when that is safe (call-policy.ts), end
 * quietly for an answer being written (it is marked interrupted), and otherwise fail with `Busy`:
 * none waits forever.
 */
export class WorkerHost {
  readonly api: Remote<WorkerApi>;
  private handle: WorkerHandle;
  private ready: Promise<void> = Promise.resolve();
  private startHooks: unknown[] | undefined;
  private readonly listeners: ChangeListener[] = [];
  private readonly inFlight = new Set<InFlight>();
  private restarts: number[] = [];

  constructor(
    private readonly spawn: () => WorkerHandle,
    private readonly onRestarted: (outcome: { ok: boolean; error?: unknown }) => void = () => undefined,
  ) {
    this.handle = this.watch(spawn());
    this.api = facade((path, args) => this.call(path, args)) as Remote<WorkerApi>;
  }

  /** In e2e builds: kill the worker the way a crash would, without telling the host. */
  terminateForTest(): void {
    this.handle.terminate();
  }

  private async call(path: string, rawArgs: unknown[]): Promise<unknown> {
    if (path === 'start') this.startHooks = rawArgs;
    if (path === 'onChange') this.listeners.push(rawArgs[0] as ChangeListener);
    const args = withCallIds(path, rawArgs);
    await this.ready;
    return new Promise((resolve, reject) => {
      this.send({ path, args, policy: path === 'start' ? 'read' : callPolicy(path), handle: this.handle, resolve, reject });
    });
  }

  private send(call: InFlight): void {
    call.handle = this.handle;
    this.inFlight.add(call);
    invoke(call.handle.remote, call.path, call.args).then(
      (value) => this.settle(call, () => call.resolve(value)),
      (error: unknown) => {
        const done = call.repeated && call.policy === 'delete' && (error as { code?: unknown })?.code === 'NotFound';
        this.settle(call, () => (done ? call.resolve(undefined) : call.reject(error)));
      },
    );
  }

  private settle(call: InFlight, done: () => void): void {
    if (!this.inFlight.delete(call)) return;
    done();
  }

  private watch(handle: WorkerHandle): WorkerHandle {
    void handle.died.then(() => this.died(handle));
    return handle;
  }

  private died(handle: WorkerHandle): void {
    if (handle !== this.handle) return;
    const now = Date.now();
    this.restarts = [...this.restarts.filter((at) => now - at < 60_000), now];
    const orphans = [...this.inFlight].filter((call) => call.handle === handle);
    for (const call of orphans) this.inFlight.delete(call);
    if (this.restarts.length > MAX_RESTARTS_PER_MINUTE) {
      for (const call of orphans) call.reject(new AppError('Busy', 'The database worker keeps stopping. Reload this page.'));
      this.onRestarted({ ok: false, error: new AppError('Busy', 'The database worker keeps stopping. Reload this page.') });
      return;
    }
    this.handle = this.watch(this.spawn());
    const restarting = this.restart();
    this.ready = restarting.then(
      () => undefined,
      () => undefined,
    );
    void restarting.then(
      () => {
        for (const call of orphans) this.orphaned(call);
        for (const listener of this.listeners) void Promise.resolve(listener({ kind: 'all' } satisfies ChangeEvent));
        this.onRestarted({ ok: true });
      },
      (error: unknown) => {
        for (const call of orphans) call.reject(error);
        this.onRestarted({ ok: false, error });
      },
    );
  }

  /** The new worker, started and subscribed as the old one was. */
  private async restart(): Promise<void> {
    const remote = this.handle.remote;
    if (this.startHooks) await invoke(remote, 'start', this.startHooks);
    for (const listener of this.listeners) await remote.onChange(listener);
  }

  private orphaned(call: InFlight): void {
    if (repeatable(call.policy)) this.send({ ...call, repeated: true });
    else if (call.policy === 'agent' && resumeAs(call.path)) this.send({ ...call, path: resumeAs(call.path)! });
    else if (call.policy === 'agent') call.resolve(undefined);
    else call.reject(new AppError('Busy', BUSY_MESSAGE));
  }
}

function invoke(remote: Remote<WorkerApi>, path: string, args: unknown[]): Promise<unknown> {
  const keys = path.split('.');
  let target = remote as unknown as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  return Promise.resolve((target[keys.at(-1)!] as (...values: unknown[]) => unknown)(...args));
}

/** An object whose every call, however deep (`api.sessions.list()`), goes to `call` by path. */
function facade(call: (path: string, args: unknown[]) => Promise<unknown>, path: string[] = []): unknown {
  return new Proxy(function () {}, {
    get: (_target, key) => (typeof key === 'symbol' || key === 'then' ? undefined : facade(call, [...path, key])),
    apply: (_target, _this, args: unknown[]) => call(path.join('.'), args),
  });
}
