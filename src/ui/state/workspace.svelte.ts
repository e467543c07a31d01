import { proxy, type Remote } from 'comlink';
import type { ChangeEvent, WorkerApi } from '../../shared/api';
import { Assistants } from './assistants.svelte';
import { Conversation } from './conversation.svelte';
import { Documents } from './documents.svelte';
import { Messages } from './messages.svelte';
import { Notice } from './notice.svelte';
import { Router } from './router.svelte';
import { SearchState } from './search.svelte';
import { SessionExport } from './session-export';
import { Sessions } from './sessions.svelte';
import { ToolQuestions } from './tool-questions.svelte';

/**
 * The workspace as the UI shows it, made of one part per feature. It keeps what spans them: the
 * session actions that open a session, and the worker's change events, subscribed to once.
 */
export class Workspace {
  readonly notice = new Notice();
  readonly sessions: Sessions;
  readonly assistants: Assistants;
  readonly conversation: Conversation;
  readonly messages: Messages;
  readonly documents: Documents;
  readonly router: Router;
  readonly search: SearchState;
  readonly sessionExport: SessionExport;
  readonly questions: ToolQuestions;
  /** Goes up at every change of the settings, in this tab or another: settings views read them again. */
  settingsRevision = $state(0);

  constructor(private readonly api: Remote<WorkerApi>) {
    this.sessions = new Sessions(api);
    this.assistants = new Assistants(api, this.sessions, this.notice);
    this.conversation = new Conversation(api);
    this.messages = new Messages(api, this.sessions, this.conversation, this.notice);
    this.documents = new Documents(api, this.sessions, this.notice);
    this.router = new Router(this.sessions, this.conversation, this.documents, this.notice);
    this.search = new SearchState(api);
    this.sessionExport = new SessionExport(api, this.sessions, this.notice);
    this.questions = new ToolQuestions(api, this.sessions, this.notice);
  }

  async load(): Promise<void> {
    // Asked before the lists, without waiting: the worker answers calls in order, so no change
    // made after the lists were read can be missed.
    const subscribed = this.api.onChange(proxy((event: ChangeEvent) => this.onChange(event)));
    await Promise.all([subscribed, this.refreshLists()]);
    await this.router.start();
  }

  createSession = (input: { name?: string; assistantId?: string } = {}): Promise<boolean> =>
    this.notice.attempt(async () => {
      const session = await this.sessions.create(input);
      await this.router.open(session.id);
    });

  renameSession = (sessionId: string, name: string): Promise<boolean> =>
    this.notice.attempt(() => this.sessions.rename(sessionId, name));

  deleteSession = (sessionId: string): Promise<boolean> =>
    this.notice.attempt(async () => {
      await this.sessions.delete(sessionId);
      if (this.sessions.activeId === sessionId) await this.router.openFirstOrNothing();
    });

  private refreshLists(): Promise<[void, void, void]> {
    return Promise.all([this.sessions.refresh(), this.assistants.refresh(), this.questions.refresh()]);
  }

  /** Never throws: a listener that fails is dropped by the worker, and live updates would stop. */
  private async onChange(event: ChangeEvent): Promise<void> {
    try {
      await this.applyChange(event);
    } catch (error) {
      this.notice.report(error);
    }
  }

  private async applyChange(event: ChangeEvent): Promise<void> {
    const { sessions } = this;
    if (event.kind === 'questions') return this.questions.refresh();
    if (event.kind !== 'assistants' && event.kind !== 'settings') this.search.refreshIfOpen();
    if (event.kind === 'all' || event.kind === 'settings' || event.kind === 'restored') this.settingsRevision++;
    if (event.kind === 'restored') {
      // Everything changed: read it all again, and stay in the open session if the backup has it.
      this.documents.reader = null;
      await this.refreshLists();
      if (sessions.activeId && sessions.has(sessions.activeId)) await this.router.open(sessions.activeId);
      else await this.router.openFirstOrNothing();
    } else if (event.kind === 'all') {
      await this.refreshLists();
      if (sessions.activeId && !sessions.has(sessions.activeId)) await this.router.openFirstOrNothing();
      else await Promise.all([this.conversation.refresh(), this.documents.refresh()]);
    } else if (event.kind === 'sessions') {
      await sessions.refresh();
      if (sessions.activeId && !sessions.has(sessions.activeId)) await this.router.openFirstOrNothing();
    } else if (event.kind === 'assistants') {
      await this.assistants.refresh();
    } else if (event.kind === 'messages' && event.sessionId === sessions.activeId) {
      await this.conversation.refresh();
    } else if (event.kind === 'content' && event.sessionId === sessions.activeId) {
      await this.documents.refresh();
    }
  }
}
