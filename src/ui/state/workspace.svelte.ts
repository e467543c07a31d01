import { proxy, type Remote } from 'comlink';
import type { AssistantInput, AssistantPatch, ChangeEvent, WorkerApi } from '../../shared/api';
import type { Assistant, Attachment, ContentSummary, Session } from '../../shared/entities';
import { downloadFile } from '../download';
import { describeError } from './connection.svelte';
import { Conversation } from './conversation.svelte';
import { saveDraft } from './drafts';
import type { ReaderTarget } from './reader-target';
import { parseRoute, routeHash, type Route } from './route';
import { SearchState } from './search.svelte';
import { Uploads } from './uploads.svelte';

const LAST_SESSION_KEY = 'libragent:last-session';

/**
 * The sessions, the assistants and the open conversation, as the UI shows them. Worker results
 * replace the old ones wholesale ($state.raw): the worker is the source of truth, this is a view.
 */
export class Workspace {
  sessions = $state.raw<Session[]>([]);
  assistants = $state.raw<Assistant[]>([]);
  filter = $state('');
  activeSessionId = $state<string | null>(null);
  notice = $state<string | null>(null);
  /** The open session's content store. */
  documents = $state.raw<ContentSummary[]>([]);
  /** Goes up at every change of the settings, in this tab or another: settings views read them again. */
  settingsRevision = $state(0);
  /** The document open in the reader, if any. */
  reader = $state.raw<ReaderTarget | null>(null);
  readonly conversation: Conversation;
  readonly uploads: Uploads;
  readonly search: SearchState;

  activeSession = $derived(this.sessions.find((session) => session.id === this.activeSessionId) ?? null);
  activeAssistant = $derived(this.assistants.find((assistant) => assistant.id === this.activeSession?.assistantId) ?? null);
  visibleSessions = $derived(this.filterSessions(this.sessions, this.filter));

  constructor(private readonly api: Remote<WorkerApi>) {
    this.conversation = new Conversation(api);
    this.uploads = new Uploads(api);
    this.search = new SearchState(api);
  }

  async load(): Promise<void> {
    await this.api.onChange(proxy((event: ChangeEvent) => this.onChange(event)));
    await Promise.all([this.refreshSessions(), this.refreshAssistants()]);
    window.addEventListener('hashchange', () => void this.followRoute());
    if (await this.followRoute()) return;
    const last = localStorage.getItem(LAST_SESSION_KEY);
    const reopen = this.sessions.find((session) => session.id === last) ?? this.sessions[0];
    if (reopen) await this.open(reopen.id);
  }

  /** Opens a session, at its newest messages or scrolled to `messageId` and highlighting it. */
  async open(sessionId: string, messageId?: string): Promise<void> {
    await this.attempt(async () => {
      this.activeSessionId = sessionId;
      localStorage.setItem(LAST_SESSION_KEY, sessionId);
      const hash = routeHash({ sessionId, messageId });
      if (location.hash !== hash) history.replaceState(null, '', hash);
      if (messageId) await this.conversation.jumpTo(sessionId, messageId);
      else await this.conversation.openLatest(sessionId);
      await this.refreshDocuments();
    });
  }

  /** Uploads files into the open session's content store. */
  async upload(files: File[]): Promise<ContentSummary[]> {
    const sessionId = this.activeSessionId;
    if (!sessionId || files.length === 0) return [];
    const saved = await this.uploads.add(sessionId, files);
    if (sessionId === this.activeSessionId) await this.refreshDocuments();
    return saved;
  }

  deleteDocument = (contentId: string): Promise<boolean> =>
    this.attempt(async () => {
      const sessionId = this.activeSessionId;
      if (!sessionId) return;
      await this.api.content.delete(sessionId, contentId);
      await this.refreshDocuments();
    });

  /** Opens a document of the open session in the reader, at a line range if given. */
  async openDocument(target: Omit<ReaderTarget, 'filename'> & { filename?: string }): Promise<void> {
    const known = () => this.documents.find((item) => item.id === target.contentId)?.filename;
    // A link can name a document added a moment ago: read the list again before giving up.
    if (!target.filename && !known()) await this.refreshDocuments();
    this.reader = { ...target, filename: target.filename ?? known() ?? 'Document' };
  }

  closeDocument(): void {
    this.reader = null;
    if (this.activeSessionId && parseRoute(location.hash)?.document) {
      history.replaceState(null, '', routeHash({ sessionId: this.activeSessionId }));
    }
  }

  /** Goes to a session, a message or a document's lines, as a link to it would. */
  async navigate(route: Route): Promise<void> {
    const hash = routeHash(route);
    // The same link again (the result just opened) fires no hashchange: follow it here.
    if (location.hash === hash) await this.followRoute();
    else location.hash = hash;
  }

  private async followRoute(): Promise<boolean> {
    const route = parseRoute(location.hash);
    if (!route || !this.sessions.some((session) => session.id === route.sessionId)) return false;
    if (route.document) {
      if (route.sessionId !== this.activeSessionId) await this.open(route.sessionId);
      history.replaceState(null, '', routeHash(route));
      await this.openDocument({ sessionId: route.sessionId, ...route.document });
    } else {
      await this.open(route.sessionId, route.messageId);
    }
    return true;
  }

  async createSession(input: { name?: string; assistantId?: string } = {}): Promise<boolean> {
    return this.attempt(async () => {
      const session = await this.api.sessions.create(input);
      await this.refreshSessions();
      await this.open(session.id);
    });
  }

  async renameSession(sessionId: string, name: string): Promise<boolean> {
    return this.attempt(async () => {
      await this.api.sessions.rename(sessionId, name);
      await this.refreshSessions();
    });
  }

  async deleteSession(sessionId: string): Promise<boolean> {
    return this.attempt(async () => {
      await this.api.sessions.delete(sessionId);
      saveDraft(sessionId, '');
      await this.refreshSessions();
      if (this.activeSessionId === sessionId) await this.openFirstOrNothing();
    });
  }

  /** Returns true once the message is saved, so the composer clears only what was kept. */
  async send(text: string, attachments: Attachment[] = []): Promise<boolean> {
    const sessionId = this.activeSessionId;
    if (!sessionId) return false;
    const saved = await this.attempt(async () => {
      await this.api.messages.send(sessionId, text, attachments);
      if (this.conversation.hasNewer) await this.conversation.openLatest(sessionId);
      else await this.conversation.refresh();
      this.conversation.scrollRequest = { kind: 'bottom' };
    });
    if (saved) this.answer(() => this.api.agent.respond(sessionId));
    return saved;
  }

  /** Stops the answer being written in the open session; what it wrote so far stays. */
  stop = async (): Promise<void> => {
    if (this.activeSessionId) await this.api.agent.stop(this.activeSessionId);
  };

  /** Asks again for an answer that failed or was interrupted. */
  retry = (messageId: string): void => this.answer(() => this.api.agent.retry(messageId));

  /**
   * The answer streams into the database and reaches the view through change events; this call
   * only waits for the end, to report a failure that stopped the agent before it could start.
   */
  private answer(run: () => Promise<void>): void {
    run().catch((error: unknown) => (this.notice = describeError(error).message));
  }

  editMessage = (messageId: string, text: string): Promise<boolean> =>
    this.attempt(async () => {
      await this.api.messages.edit(messageId, text);
      await this.conversation.refresh();
    });

  deleteMessage = (messageId: string): Promise<boolean> =>
    this.attempt(async () => {
      await this.api.messages.delete(messageId);
      await this.conversation.refresh();
    });

  createAssistant = (input: AssistantInput): Promise<boolean> =>
    this.attempt(async () => {
      await this.api.assistants.create(input);
      await this.refreshAssistants();
    });

  updateAssistant = (assistantId: string, patch: AssistantPatch): Promise<boolean> =>
    this.attempt(async () => {
      await this.api.assistants.update(assistantId, patch);
      await this.refreshAssistants();
    });

  deleteAssistant = (assistantId: string): Promise<boolean> =>
    this.attempt(async () => {
      await this.api.assistants.delete(assistantId);
      await this.refreshAssistants();
    });

  dismissNotice(): void {
    this.notice = null;
  }

  private filterSessions(sessions: Session[], filter: string): Session[] {
    const query = filter.trim().toLocaleLowerCase();
    return query ? sessions.filter((session) => session.name.toLocaleLowerCase().includes(query)) : sessions;
  }

  private async openFirstOrNothing(): Promise<void> {
    const first = this.sessions[0];
    if (first) await this.open(first.id);
    else {
      this.activeSessionId = null;
      this.documents = [];
      this.conversation.close();
      history.replaceState(null, '', location.pathname + location.search);
    }
  }

  private async refreshDocuments(): Promise<void> {
    const sessionId = this.activeSessionId;
    const documents = sessionId ? await this.api.content.list(sessionId) : [];
    if (sessionId === this.activeSessionId) this.documents = documents;
  }

  private async refreshSessions(): Promise<void> {
    this.sessions = await this.api.sessions.list();
  }

  private async refreshAssistants(): Promise<void> {
    this.assistants = await this.api.assistants.list();
  }

  /** Never throws: a listener that fails is dropped by the worker, and live updates would stop. */
  private async onChange(event: ChangeEvent): Promise<void> {
    try {
      await this.applyChange(event);
    } catch (error) {
      this.notice = describeError(error).message;
    }
  }

  private async applyChange(event: ChangeEvent): Promise<void> {
    if (event.kind !== 'assistants' && event.kind !== 'settings') this.search.refreshIfOpen();
    if (event.kind === 'all' || event.kind === 'settings' || event.kind === 'restored') this.settingsRevision++;
    if (event.kind === 'restored') {
      // Everything changed: read it all again, and stay in the open session if the backup has it.
      this.reader = null;
      await Promise.all([this.refreshSessions(), this.refreshAssistants()]);
      const keep = this.sessions.some((session) => session.id === this.activeSessionId);
      if (keep && this.activeSessionId) await this.open(this.activeSessionId);
      else await this.openFirstOrNothing();
    } else if (event.kind === 'all') {
      await Promise.all([this.refreshSessions(), this.refreshAssistants()]);
      if (this.activeSessionId && !this.sessions.some((session) => session.id === this.activeSessionId)) {
        await this.openFirstOrNothing();
      } else {
        await Promise.all([this.conversation.refresh(), this.refreshDocuments()]);
      }
    } else if (event.kind === 'sessions') {
      await this.refreshSessions();
      if (this.activeSessionId && !this.sessions.some((session) => session.id === this.activeSessionId)) {
        await this.openFirstOrNothing();
      }
    } else if (event.kind === 'assistants') {
      await this.refreshAssistants();
    } else if (event.kind === 'messages' && event.sessionId === this.activeSessionId) {
      await this.conversation.refresh();
    } else if (event.kind === 'content' && event.sessionId === this.activeSessionId) {
      await this.refreshDocuments();
    }
  }

  /** Downloads the active session's workspace (transcript and documents) as one ZIP file. */
  async exportWorkspace(): Promise<boolean> {
    const sessionId = this.activeSessionId;
    if (!sessionId) return false;
    return this.attempt(async () => {
      const { filename, bytes } = await this.api.data.exportWorkspace(sessionId);
      downloadFile(filename, bytes as BlobPart, 'application/zip');
    });
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
