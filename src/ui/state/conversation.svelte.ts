import type { Remote } from 'comlink';
import type { Message } from '../../shared/entities';
import type { WorkerApi } from '../../shared/api';

export const PAGE = 50;
/**
 * A session opens drawing only its newest messages, about a screenful: the rest of the first page
 * is drawn a moment later (`drawWholePage`), after the screen has painted. Drawing a message is
 * most of the cost of a first paint (its Markdown parsed and sanitized).
 */
export const FIRST_SCREEN = 12;
/** At most this many messages are loaded at once: a 100,000-message session costs what 300 do. */
export const WINDOW_MAX = 300;

export type ScrollRequest = { kind: 'bottom' } | { kind: 'top' } | { kind: 'message'; id: string };

/**
 * The open session's history as a sliding window: it starts at the newest messages, grows a page
 * at a time as the user scrolls either way, and drops pages from the far end beyond WINDOW_MAX.
 * Every read is a keyset query in the worker, so depth costs nothing.
 */
export class Conversation {
  sessionId = $state<string | null>(null);
  items = $state.raw<Message[]>([]);
  hasOlder = $state(false);
  hasNewer = $state(false);
  highlightId = $state<string | null>(null);
  /** An answer is being written in this session right now. */
  streaming = $derived(this.items.some((message) => message.isStreaming));
  /** Only the newest FIRST_SCREEN messages are drawn, until the view has painted them. */
  firstScreenOnly = $state(false);
  /** Set by navigation (open, jump); the list view performs it and clears it. */
  scrollRequest = $state.raw<ScrollRequest | null>(null);
  private busy = false;

  constructor(private readonly api: Remote<WorkerApi>) {}

  async openLatest(sessionId: string): Promise<void> {
    const slice = await this.api.messages.history(sessionId, null, PAGE);
    this.replace(sessionId, slice.items, slice.hasMore, false, { kind: 'bottom' });
    this.firstScreenOnly = slice.items.length > FIRST_SCREEN;
    this.highlightId = null;
  }

  /** The view has painted the first screen: every loaded message is drawn from now on. */
  drawWholePage(): void {
    this.firstScreenOnly = false;
  }

  async openOldest(sessionId: string): Promise<void> {
    const slice = await this.api.messages.historyAfter(sessionId, null, PAGE);
    this.replace(sessionId, slice.items, false, slice.hasMore, { kind: 'top' });
    this.highlightId = null;
  }

  async jumpTo(sessionId: string, messageId: string): Promise<void> {
    const window = await this.api.messages.around(sessionId, messageId, PAGE);
    this.replace(sessionId, window.items, window.hasOlder, window.hasNewer, { kind: 'message', id: messageId });
    this.highlightId = messageId;
  }

  close(): void {
    this.replace(null, [], false, false, null);
  }

  /** Loads the page before the window; the view keeps what the user is looking at in place. */
  async loadOlder(): Promise<void> {
    const sessionId = this.sessionId;
    const first = this.items[0];
    if (!sessionId || !first || !this.hasOlder || this.busy) return;
    await this.guard(async () => {
      const slice = await this.api.messages.history(sessionId, first.id, PAGE);
      if (sessionId !== this.sessionId) return;
      const items = [...slice.items, ...this.items];
      const overflow = Math.max(0, items.length - WINDOW_MAX);
      this.items = items.slice(0, items.length - overflow);
      this.hasOlder = slice.hasMore;
      if (overflow > 0) this.hasNewer = true;
    });
  }

  async loadNewer(): Promise<void> {
    const sessionId = this.sessionId;
    const last = this.items.at(-1);
    if (!sessionId || !last || !this.hasNewer || this.busy) return;
    await this.guard(async () => {
      const slice = await this.api.messages.historyAfter(sessionId, last.id, PAGE);
      if (sessionId !== this.sessionId) return;
      const items = [...this.items, ...slice.items];
      const overflow = Math.max(0, items.length - WINDOW_MAX);
      this.items = items.slice(overflow);
      this.hasNewer = slice.hasMore;
      if (overflow > 0) this.hasOlder = true;
    });
  }

  /** Re-reads the window after a write: new messages at the live end appear, edits show, deletions go. */
  async refresh(): Promise<void> {
    const sessionId = this.sessionId;
    if (!sessionId) return;
    const size = Math.min(Math.max(this.items.length, PAGE), WINDOW_MAX);
    if (!this.hasNewer) {
      const slice = await this.api.messages.history(sessionId, null, size);
      if (sessionId !== this.sessionId) return;
      this.items = slice.items;
      this.hasOlder = slice.hasMore;
      return;
    }
    const first = this.items[0];
    try {
      const window = await this.api.messages.around(sessionId, first.id, size);
      if (sessionId !== this.sessionId) return;
      const start = window.items.findIndex((message) => message.id === first.id);
      this.items = window.items.slice(start, start + size);
      this.hasOlder = start > 0 || window.hasOlder;
      this.hasNewer = window.items.length > start + size || window.hasNewer;
    } catch {
      await this.openLatest(sessionId); // The first message was deleted: start again from the end.
    }
  }

  private replace(
    sessionId: string | null,
    items: Message[],
    hasOlder: boolean,
    hasNewer: boolean,
    scroll: ScrollRequest | null,
  ) {
    this.sessionId = sessionId;
    this.firstScreenOnly = false;
    this.items = items;
    this.hasOlder = hasOlder;
    this.hasNewer = hasNewer;
    this.scrollRequest = scroll;
  }

  private async guard(work: () => Promise<void>): Promise<void> {
    this.busy = true;
    try {
      await work();
    } finally {
      this.busy = false;
    }
  }
}
