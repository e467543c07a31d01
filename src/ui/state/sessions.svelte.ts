import type { Remote } from 'comlink';
import type { WorkerApi } from '../../shared/api';
import type { Session } from '../../shared/entities';
import { saveDraft } from './drafts';

/**
 * The session list as the sidebar shows it, and which session is open. Worker results replace
 * the old ones wholesale ($state.raw): the worker is the source of truth, this is a view.
 */
export class Sessions {
  list = $state.raw<Session[]>([]);
  filter = $state('');
  activeId = $state<string | null>(null);

  active = $derived(this.list.find((session) => session.id === this.activeId) ?? null);
  visible = $derived(filterSessions(this.list, this.filter));

  constructor(private readonly api: Remote<WorkerApi>) {}

  has(sessionId: string): boolean {
    return this.list.some((session) => session.id === sessionId);
  }

  async refresh(): Promise<void> {
    this.list = await this.api.sessions.list();
  }

  async create(input: { name?: string; assistantId?: string }): Promise<Session> {
    const session = await this.api.sessions.create(input);
    await this.refresh();
    return session;
  }

  async rename(sessionId: string, name: string): Promise<void> {
    await this.api.sessions.rename(sessionId, name);
    await this.refresh();
  }

  /** Deletes the session and its unsent draft. */
  async delete(sessionId: string): Promise<void> {
    await this.api.sessions.delete(sessionId);
    saveDraft(sessionId, '');
    await this.refresh();
  }
}

function filterSessions(sessions: Session[], filter: string): Session[] {
  const query = filter.trim().toLocaleLowerCase();
  return query ? sessions.filter((session) => session.name.toLocaleLowerCase().includes(query)) : sessions;
}
