import { proxy, type Remote } from 'comlink';
import type { Message, Session } from '../lib/db/types';
import type { ChangeEvent } from '../worker/change-feed';
import type { WorkerApi } from '../worker/api';
import { describeError } from './connection.svelte';

const LAST_SESSION_KEY = 'libragent:last-session';

/**
 * The sessions and the open conversation, as the UI shows them. Worker results replace the old
 * ones wholesale ($state.raw): the worker is the source of truth, this is a view of it.
 */
export class Workspace {
  sessions = $state.raw<Session[]>([]);
  activeSessionId = $state<string | null>(null);
  messages = $state.raw<Message[]>([]);
  hasOlder = $state(false);
  notice = $state<string | null>(null);

  activeSession = $derived(this.sessions.find((session) => session.id === this.activeSessionId) ?? null);

  constructor(private readonly api: Remote<WorkerApi>) {}

  async load(): Promise<void> {
    await this.api.onChange(proxy((event: ChangeEvent) => this.onChange(event)));
    await this.refreshSessions();
    const last = localStorage.getItem(LAST_SESSION_KEY);
    const reopen = this.sessions.find((session) => session.id === last) ?? this.sessions[0];
    if (reopen) await this.open(reopen.id);
  }

  async open(sessionId: string): Promise<void> {
    if (sessionId !== this.activeSessionId) {
      this.activeSessionId = sessionId;
      this.messages = [];
      this.hasOlder = false;
    }
    localStorage.setItem(LAST_SESSION_KEY, sessionId);
    await this.refreshMessages();
  }

  async createSession(): Promise<void> {
    await this.attempt(async () => {
      const session = await this.api.sessions.create();
      await this.refreshSessions();
      await this.open(session.id);
    });
  }

  /** Returns true once the message is saved, so the composer clears only what was kept. */
  async send(text: string): Promise<boolean> {
    const sessionId = this.activeSessionId;
    if (!sessionId) return false;
    return this.attempt(async () => {
      await this.api.messages.send(sessionId, text);
      await this.refreshMessages();
    });
  }

  async loadOlder(): Promise<void> {
    const sessionId = this.activeSessionId;
    const oldest = this.messages[0];
    if (!sessionId || !oldest) return;
    const slice = await this.api.messages.history(sessionId, oldest.id);
    if (sessionId !== this.activeSessionId) return;
    this.messages = [...slice.items, ...this.messages];
    this.hasOlder = slice.hasMore;
  }

  dismissNotice(): void {
    this.notice = null;
  }

  private async refreshSessions(): Promise<void> {
    this.sessions = await this.api.sessions.list();
  }

  private async refreshMessages(): Promise<void> {
    const sessionId = this.activeSessionId;
    if (!sessionId) {
      this.messages = [];
      return;
    }
    const loaded = Math.max(this.messages.length, 50);
    const slice = await this.api.messages.history(sessionId, null, Math.min(loaded, 500));
    if (sessionId !== this.activeSessionId) return;
    this.messages = slice.items;
    this.hasOlder = slice.hasMore;
  }

  private async onChange(event: ChangeEvent): Promise<void> {
    if (event.kind === 'sessions') await this.refreshSessions();
    else if (event.sessionId === this.activeSessionId) await this.refreshMessages();
    if (this.activeSessionId && !this.sessions.some((session) => session.id === this.activeSessionId)) {
      this.activeSessionId = null;
      this.messages = [];
    }
  }

  private async attempt(work: () => Promise<void>): Promise<boolean> {
    try {
      await work();
      this.notice = null;
      return true;
    } catch (error) {
      this.notice = describeError(error).message;
      return false;
    }
  }
}
