import type { Conversation } from './conversation.svelte';
import type { Documents } from './documents.svelte';
import type { Notice } from './notice.svelte';
import { parseRoute, routeHash, type Route } from './route';
import type { Sessions } from './sessions.svelte';

const LAST_SESSION_KEY = 'libragent:last-session';

/**
 * What is open (a session, scrolled to a message or not, and a document in the reader) and the
 * address that names it: opening writes the hash, and a hash (a link, back, a reload) opens.
 */
export class Router {
  constructor(
    private readonly sessions: Sessions,
    private readonly conversation: Conversation,
    private readonly documents: Documents,
    private readonly notice: Notice,
  ) {}

  /** Follows the address the app was opened at, or reopens the last session; then every change of it. */
  async start(): Promise<void> {
    window.addEventListener('hashchange', () => void this.follow());
    if (await this.follow()) return;
    const last = localStorage.getItem(LAST_SESSION_KEY);
    const reopen = this.sessions.list.find((session) => session.id === last) ?? this.sessions.list[0];
    if (reopen) await this.open(reopen.id);
  }

  /** Opens a session, at its newest messages or scrolled to `messageId` and highlighting it. */
  async open(sessionId: string, messageId?: string): Promise<void> {
    await this.notice.attempt(async () => {
      this.sessions.activeId = sessionId;
      localStorage.setItem(LAST_SESSION_KEY, sessionId);
      const hash = routeHash({ sessionId, messageId });
      if (location.hash !== hash) history.replaceState(null, '', hash);
      const messages = messageId ? this.conversation.jumpTo(sessionId, messageId) : this.conversation.openLatest(sessionId);
      await Promise.all([messages, this.documents.refresh()]);
    });
  }

  /** Opens the first session, or shows none when there is none left. */
  async openFirstOrNothing(): Promise<void> {
    const first = this.sessions.list[0];
    if (first) await this.open(first.id);
    else {
      this.sessions.activeId = null;
      this.documents.items = [];
      this.conversation.close();
      history.replaceState(null, '', location.pathname + location.search);
    }
  }

  closeDocument(): void {
    this.documents.reader = null;
    const sessionId = this.sessions.activeId;
    if (sessionId && parseRoute(location.hash)?.document) history.replaceState(null, '', routeHash({ sessionId }));
  }

  /** Goes to a session, a message or a document's lines, as a link to it would. */
  async navigate(route: Route): Promise<void> {
    const hash = routeHash(route);
    // The same link again (the result just opened) fires no hashchange: follow it here.
    if (location.hash === hash) await this.follow();
    else location.hash = hash;
  }

  private async follow(): Promise<boolean> {
    const route = parseRoute(location.hash);
    if (!route || !this.sessions.has(route.sessionId)) return false;
    if (route.document) {
      if (route.sessionId !== this.sessions.activeId) await this.open(route.sessionId);
      history.replaceState(null, '', routeHash(route));
      await this.documents.open({ sessionId: route.sessionId, ...route.document });
    } else {
      await this.open(route.sessionId, route.messageId);
    }
    return true;
  }
}
