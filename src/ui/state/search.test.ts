import type { Remote } from 'comlink';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SearchQuery, SearchResults, WorkerApi } from '../../shared/api';
import { PENDING_REFRESH_MS, SearchState } from './search.svelte';

/** A worker whose index has `backlog` writes left, taking `perQuery` more in at each query. */
function fakeApi(backlog: number, perQuery: number) {
  const queries: SearchQuery[] = [];
  const query = async (input: SearchQuery): Promise<SearchResults> => {
    queries.push(input);
    backlog = Math.max(0, backlog - perQuery);
    return { hits: [], tookMs: 1, order: 'newest', pending: backlog };
  };
  const api = { search: { query } } as unknown as Remote<WorkerApi>;
  return { api, queries };
}

/** Runs the timers due within `ms`, and the answers they wait for. */
async function elapse(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('search results while the index catches up', () => {
  it('asks again while writes wait to be indexed, and stops once none do', async () => {
    const { api, queries } = fakeApi(3, 1);
    const search = new SearchState(api);
    search.text = 'kestrels';
    search.show();
    await elapse(200);
    expect(queries).toHaveLength(1);
    expect(search.pending).toBe(2);
    expect(search.order).toBe('newest');
    await elapse(PENDING_REFRESH_MS);
    expect(queries).toHaveLength(2);
    // A refresh leaves the results on screen: the summary does not blink while it runs.
    expect(search.searching).toBe(false);
    await elapse(PENDING_REFRESH_MS);
    expect(search.pending).toBe(0);
    expect(queries).toHaveLength(3);
    await elapse(10 * PENDING_REFRESH_MS);
    expect(queries).toHaveLength(3);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops asking when the dialog closes, even with writes still waiting', async () => {
    const { api, queries } = fakeApi(1_000_000, 1);
    const search = new SearchState(api);
    search.text = 'kestrels';
    search.show();
    await elapse(200);
    expect(search.pending).toBeGreaterThan(0);
    search.hide();
    await elapse(10 * PENDING_REFRESH_MS);
    expect(queries).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a new query replaces the refresh of the old one, and an emptied query is complete', async () => {
    const { api, queries } = fakeApi(1_000_000, 1);
    const search = new SearchState(api);
    search.text = 'kestrels';
    search.show();
    await elapse(200);
    search.text = 'falcons';
    search.schedule();
    await elapse(200);
    expect(queries.map((query) => query.text)).toEqual(['kestrels', 'falcons']);
    search.text = '';
    search.schedule();
    await elapse(200);
    expect(search.pending).toBe(0);
    expect(search.order).toBe('relevance');
    expect(vi.getTimerCount()).toBe(0);
    search.hide();
  });
});
