import type { Remote } from 'comlink';
import type { Role } from '../../shared/entities';
import type { IndexStatus, SearchHit, SearchQuery, WorkerApi } from '../../shared/api';
import { describeError } from './connection.svelte';

/** How long typing must pause before a query goes out: results follow the typing, not every key. */
const TYPING_PAUSE_MS = 120;
const DAY_MS = 24 * 60 * 60 * 1000;

export type RoleFilter = '' | Role | 'document';

/**
 * The search dialog's state: the query and its filters, the latest results, the index status.
 * Each query carries a number and only the newest one's answer is shown, so a slow answer to an
 * older prefix never replaces the results of what the user typed since.
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
  searching = $state(false);
  error = $state<string | null>(null);
  status = $state.raw<IndexStatus[]>([]);
  rebuilding = $state(false);

  private latest = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly api: Remote<WorkerApi>) {}

  show(sessionId = ''): void {
    this.sessionId = sessionId;
    this.open = true;
    this.schedule();
  }

  hide(): void {
    this.open = false;
    clearTimeout(this.timer);
  }

  /** Runs the query once typing pauses. */
  schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), TYPING_PAUSE_MS);
  }

  /** Data changed somewhere: an open result list is brought up to date. */
  refreshIfOpen(): void {
    if (this.open && this.text.trim() !== '') this.schedule();
  }

  async run(): Promise<void> {
    const ticket = ++this.latest;
    const text = this.text.trim();
    if (text === '') {
      this.hits = [];
      this.tookMs = null;
      this.error = null;
      return;
    }
    this.searching = true;
    try {
      const results = await this.api.search.query(this.query(text));
      if (ticket !== this.latest) return;
      this.hits = results.hits;
      this.tookMs = results.tookMs;
      this.error = null;
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
