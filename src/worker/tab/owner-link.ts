import { AppError, isErrorCode, type ErrorCode } from '../../shared/errors';
import { BUSY_MESSAGE, callPolicy, repeatable, resumeAs, type CallPolicy } from '../../shared/call-policy';
import type { ChangeEvent } from '../change-feed';
import { parseWire } from './wire';

/** The part of a BroadcastChannel the link uses (a fake in unit tests). */
export interface LinkChannel {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent) => void) | null;
  close(): void;
}

type WireError = { code: ErrorCode; message: string };

/** What travels between the tabs' workers. Every message names the worker that sent it. */
export type Wire =
  | { t: 'call'; id: string; from: string; path: string; args: unknown[] }
  | { t: 'ack'; id: string; to: string; owner: string }
  | { t: 'result'; id: string; to: string; ok: true; value: unknown }
  | { t: 'result'; id: string; to: string; ok: false; error: WireError }
  /** `proof` names the lock the owner holds beside the database lock (web-lock.ts, `holdsDatabase`). */
  | { t: 'owner'; owner: string; proof: string }
  | { t: 'change'; event: ChangeEvent };

export interface LinkTimeouts {
  /** No owner took the call (none holds the database, or it is frozen): the call fails with Busy. */
  noOwnerMs: number;
  /** The owner took the call but never answered; answers being written (`agent`) are not bounded. */
  resultMs: number;
}

export const DEFAULT_TIMEOUTS: LinkTimeouts = { noOwnerMs: 10_000, resultMs: 120_000 };

export interface LinkOptions {
  /** Runs a call against this worker's own database; only called while this worker is the owner. */
  execute: (path: string, args: unknown[]) => Promise<unknown>;
  /** A write was made in the owner (another tab's worker): tell this tab's views. */
  onChange: (event: ChangeEvent) => void;
  /** Another worker became the owner. */
  onOwnerChanged?: (owner: string) => void;
  timeouts?: LinkTimeouts;
  /**
   * Whether the worker `owner` really holds the database (web-lock.ts, `holdsDatabase`): any page of
   * this origin can post an owner claim on the channel, and a follower honours one only when this
   * says so. Left out, every claim is believed (unit tests of other things).
   */
  isRealOwner?: (owner: string, proof: string) => Promise<boolean>;
  /** Makes this worker's claim checkable by `isRealOwner` before it is posted (web-lock.ts, `proveOwnership`). */
  proveOwnership?: (tabId: string, proof: string) => Promise<void>;
}

interface Pending {
  id: string;
  path: string;
  args: unknown[];
  policy: CallPolicy;
  /** The owner that acknowledged the call, if any did. */
  ackedBy: string | null;
  /** Sent again after its owner went away: a `delete` that then finds nothing was done the first time. */
  repeated: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  timer?: ReturnType<typeof setTimeout>;
}

/** How many answered calls an owner remembers, so a call sent twice is run once. */
const SERVED_MEMORY = 500;

/**
 * Calls between the tabs' database workers over one BroadcastChannel. The worker that owns the
 * database (it holds the Web Lock) runs every call it hears and answers; every other worker sends
 * its calls here and waits. Each call is acknowledged on arrival, so a caller can tell "no owner
 * heard it" (sent again to the next owner) from "the owner heard it and went away" (repeated if its
 * policy allows, otherwise `Busy`). A new owner announces itself, which is how the others notice a
 * hand-over; an owner runs a call it hears twice only once. No call waits without a bound.
 */
export class OwnerLink {
  private owner = false;
  private readonly pending = new Map<string, Pending>();
  private readonly served = new Map<string, Promise<unknown>>();
  private readonly timeouts: LinkTimeouts;
  private sequence = 0;
  /** Owner claims are checked one after the other, so they are honoured in the order heard. */
  private claims: Promise<void> = Promise.resolve();
  /** The owner this worker last honoured, and the proofs of claims being checked: a repeated claim is not checked again. */
  private believed: string | null = null;
  private readonly checking = new Set<string>();
  private closed = false;

  constructor(
    private readonly channel: LinkChannel,
    readonly tabId: string,
    private readonly options: LinkOptions,
  ) {
    this.timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;
    channel.onmessage = (event) => {
      const message = parseWire(event.data);
      if (message) this.receive(message);
    };
  }

  get isOwner(): boolean {
    return this.owner;
  }

  /** Calls currently waiting for another worker (for tests and diagnostics). */
  get waiting(): number {
    return this.pending.size;
  }

  /** This worker holds the database now: it says so, then runs its own waiting calls itself. */
  becomeOwner(): void {
    this.owner = true;
    this.ownerChanged(this.tabId);
    // A fresh proof, so that no page can take its lock ahead of this worker (it would wait forever).
    const proof = crypto.randomUUID();
    const announce = () => {
      if (!this.closed) this.post({ t: 'owner', owner: this.tabId, proof });
    };
    // Announced even if the proof failed: the others then keep waiting rather than trust it.
    if (this.options.proveOwnership) void this.options.proveOwnership(this.tabId, proof).then(announce, announce);
    else announce();
  }

  /** Sends a call to the owner; resolves or rejects as the owner's own api would have. */
  call(path: string, args: unknown[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const id = `${this.tabId}:${++this.sequence}`;
      const pending: Pending = { id, path, args, policy: callPolicy(path), ackedBy: null, repeated: false, resolve, reject };
      this.pending.set(id, pending);
      this.send(pending);
    });
  }

  /** The owner tells every other tab about a write. */
  broadcastChange(event: ChangeEvent): void {
    if (this.owner) this.post({ t: 'change', event });
  }

  close(): void {
    this.closed = true;
    for (const pending of this.pending.values()) this.settle(pending, 'reject', new AppError('Busy', BUSY_MESSAGE));
    this.channel.close();
  }

  private send(pending: Pending): void {
    clearTimeout(pending.timer);
    if (this.owner) {
      pending.ackedBy = this.tabId;
      this.serve(pending.id, pending.path, pending.args).then(
        (value) => this.answer(pending, { ok: true, value }),
        (error: unknown) => this.answer(pending, { ok: false, error: toWireError(error) }),
      );
      return;
    }
    pending.timer = setTimeout(() => {
      this.settle(
        pending,
        'reject',
        new AppError('Busy', 'No LibrAgent tab could open the database in time. Try again in a moment, or reload this page.'),
      );
    }, this.timeouts.noOwnerMs);
    this.post({ t: 'call', id: pending.id, from: this.tabId, path: pending.path, args: pending.args });
  }

  private receive(message: Wire): void {
    switch (message.t) {
      case 'call':
        if (this.owner) this.answerCall(message);
        return;
      case 'ack': {
        const pending = message.to === this.tabId ? this.pending.get(message.id) : undefined;
        if (!pending || pending.ackedBy === message.owner) return;
        pending.ackedBy = message.owner;
        clearTimeout(pending.timer);
        if (pending.policy !== 'agent') {
          pending.timer = setTimeout(
            () => this.settle(pending, 'reject', new AppError('Busy', 'The database did not answer in time. Try again.')),
            this.timeouts.resultMs,
          );
        }
        return;
      }
      case 'result': {
        const pending = message.to === this.tabId ? this.pending.get(message.id) : undefined;
        if (pending) this.answer(pending, message.ok ? { ok: true, value: message.value } : { ok: false, error: message.error });
        return;
      }
      case 'owner':
        // This worker holds the lock, which no other can hold meanwhile: a claim now is forged
        // (another page of this origin on the channel) and must not stop it serving every tab.
        if (this.owner || message.owner === this.believed || this.checking.has(message.proof)) return;
        if (!this.options.isRealOwner) this.honourClaim(message.owner);
        else {
          this.checking.add(message.proof);
          this.claims = this.claims.then(() => this.checkClaim(message));
        }
        return;
      case 'change':
        this.options.onChange(message.event);
    }
  }

  /** A follower believes a claim only from the worker that holds the database lock: others are forged. */
  private async checkClaim({ owner, proof }: Extract<Wire, { t: 'owner' }>): Promise<void> {
    const real = await this.options.isRealOwner!(owner, proof).catch(() => false);
    this.checking.delete(proof);
    if (real && !this.owner && !this.closed) this.honourClaim(owner);
  }

  private honourClaim(owner: string): void {
    this.believed = owner;
    this.ownerChanged(owner);
    this.options.onOwnerChanged?.(owner);
  }

  /** Calls that waited on a worker that is no longer the owner: sent again, or ended by policy. */
  private ownerChanged(owner: string): void {
    for (const pending of [...this.pending.values()]) {
      if (pending.ackedBy === owner) continue;
      if (pending.ackedBy === null) this.send(pending);
      else if (repeatable(pending.policy)) {
        pending.ackedBy = null;
        pending.repeated = true;
        this.send(pending);
      } else if (pending.policy === 'agent' && resumeAs(pending.path)) {
        pending.path = resumeAs(pending.path)!;
        pending.ackedBy = null;
        this.send(pending);
      } else if (pending.policy === 'agent') this.settle(pending, 'resolve', undefined);
      else this.settle(pending, 'reject', new AppError('Busy', BUSY_MESSAGE));
    }
  }

  private answerCall(call: Extract<Wire, { t: 'call' }>): void {
    this.post({ t: 'ack', id: call.id, to: call.from, owner: this.tabId });
    this.serve(call.id, call.path, call.args).then(
      (value) => this.reply({ t: 'result', id: call.id, to: call.from, ok: true, value }),
      (error: unknown) => this.reply({ t: 'result', id: call.id, to: call.from, ok: false, error: toWireError(error) }),
    );
  }

  /** Runs a call once, however often it is heard. */
  private serve(id: string, path: string, args: unknown[]): Promise<unknown> {
    let running = this.served.get(id);
    if (!running) {
      running = Promise.resolve().then(() => this.options.execute(path, args));
      running.catch(() => undefined);
      this.served.set(id, running);
      if (this.served.size > SERVED_MEMORY) this.served.delete(this.served.keys().next().value as string);
    }
    return running;
  }

  private reply(message: Wire): void {
    try {
      this.post(message);
    } catch (error) {
      // A result that cannot be cloned must still end the caller's wait.
      const id = (message as { id: string }).id;
      const to = (message as { to: string }).to;
      this.post({ t: 'result', id, to, ok: false, error: toWireError(error) });
    }
  }

  private answer(pending: Pending, outcome: { ok: true; value: unknown } | { ok: false; error: WireError }): void {
    if (outcome.ok) this.settle(pending, 'resolve', outcome.value);
    else if (pending.repeated && pending.policy === 'delete' && outcome.error.code === 'NotFound') {
      this.settle(pending, 'resolve', undefined);
    } else this.settle(pending, 'reject', new AppError(outcome.error.code, outcome.error.message));
  }

  private settle(pending: Pending, how: 'resolve' | 'reject', value: unknown): void {
    if (!this.pending.delete(pending.id)) return;
    clearTimeout(pending.timer);
    if (how === 'resolve') pending.resolve(value);
    else pending.reject(value);
  }

  private post(message: Wire): void {
    this.channel.postMessage(message);
  }
}

export function toWireError(error: unknown): WireError {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  const code = (error as { code?: unknown })?.code;
  if (isErrorCode(code)) return { code, message: (error as Error).message };
  return { code: 'Internal', message: error instanceof Error ? error.message : `Unexpected failure: ${String(error)}` };
}
