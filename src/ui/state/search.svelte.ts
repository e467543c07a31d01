import type { Remote } from 'comlink';
import type { Role } from '../../shared/entities';
import type { IndexStatus, SearchHit, SearchQuery, SearchResults, WorkerApi } from '../../shared/api';
import { describeError } from './connection.svelte';

/** How long typing must pause before a query goes out: results follow the typing, not every key. */
const TYPING_PAUSE_MS = 120;
/** While the index is still taking writes in (an import, an upgrade), how often the results are asked for again. */
export const PENDING_REFRESH_MS = 1_500;
const DAY_MS = 24 * 60 * 60 * 1000;

export type RoleFilter = '' | Role | 'document';

/**
 * The search dialog's state: the query and its filters, the latest results, the index status.
 * Each query carries a number and only the newest one's answer is shown, so a slow answer to an
 * older prefix never replaces the results of what the user typed since. While the index has writes
 * left to take in, the same query is asked again every PENDING_REFRESH_MS as long as the dialog is
 * open, so the results fill in by themselves instead of looking final.
 */
export class SearchState {
  open = $state(false);
  text = $state('');
  /** '' searches every session. */
  sessionId = $state('');
  role = $state<RoleFilter>('');
  /** yyyy-mm-dd from date inputs, '' when unset. */
  fromDate = $state('');
  toDate = $state('');
  hits = $state.raw<SearchHit[]>([]);
  tookMs = $state<number | null>(null);
  /** How the latest results are ordered: 'newest' when the words are too common to rank. */
  order = $state<SearchResults['order']>('relevance');
  /** Writes the index had yet to take in when the latest results were made (0: they are complete). */
  pending = $state(0);
  searching = $state(false);
  error = $state<string | null>(null);
  status = $state.raw<IndexStatus[]>([]);
  rebuilding = $state(false);

  private latest = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly api: Remote<WorkerApi>) {}

  show(sessionId = ''): void {
    this.sessionId = sessionId;
    this.open = true;
    this.schedule();
  }

  hide(): void {
    this.open = false;
    clearTimeout(this.timer);
    clearTimeout(this.refreshTimer);
  }

  /** Runs the query once typing pauses. */
  schedule(): void {
    clearTimeout(this.timer);
    clearTimeout(this.refreshTimer);
    this.timer = setTimeout(() => void this.run(), TYPING_PAUSE_MS);
  }

  /** Data changed somewhere: an open result list is brought up to date. */
  refreshIfOpen(): void {
    if (this.open && this.text.trim() !== '') this.schedule();
  }

  /**
   * Asks for the results of the query as it is now. A `refresh` (the same query again, while the
   * index catches up) leaves the current results and summary on screen until the new ones arrive.
   */
  async run(refresh = false): Promise<void> {
    const ticket = ++this.latest;
    clearTimeout(this.refreshTimer);
    const text = this.text.trim();
    if (text === '') {
      this.hits = [];
      this.tookMs = null;
      this.order = 'relevance';
      this.pending = 0;
      this.error = null;
      return;
    }
    if (!refresh) this.searching = true;
    try {
      const results = await this.api.search.query(this.query(text));
      if (ticket !== this.latest) return;
      this.hits = results.hits;
      this.tookMs = results.tookMs;
      this.order = results.order;
      this.pending = results.pending;
      this.error = null;
      if (this.open && results.pending > 0) this.refreshTimer = setTimeout(() => void this.run(true), PENDING_REFRESH_MS);
    } catch (error) {
      if (ticket === this.latest) this.error = describeError(error).message;
    } finally {
      if (ticket === this.latest) this.searching = false;
    }
  }

  async loadStatus(): Promise<void> {
    try {
      this.status = await this.api.search.status();
    } catch (error) {
      this.error = describeError(error).message;
    }
  }

  async rebuild(sessionId?: string): Promise<void> {
    this.rebuilding = true;
    try {
      this.status = await this.api.search.rebuild(sessionId);
      this.error = null;
    } catch (error) {
      this.error = describeError(error).message;
    } finally {
      this.rebuilding = false;
    }
  }

  private query(text: string): SearchQuery {
    const query: SearchQuery = { text };
    if (this.sessionId) query.sessionId = this.sessionId;
    if (this.role) query.role = this.role;
    const from = parseDay(this.fromDate);
    const to = parseDay(this.toDate);
    if (from !== undefined) query.from = from;
    if (to !== undefined) query.to = to + DAY_MS - 1; // the whole of the last day
    return query;
  }
}

/** A date input's day at local midnight, in Unix ms. */
function parseDay(value: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const [year, month, day] = value.split('-').map(Number);
  return new Date(year, month - 1, day).getTime();
}
