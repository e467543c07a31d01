import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeMessage, testClock } from '../db/contract/fixtures';
import type { Repositories } from '../db/repositories';
import { createSqliteRepositories } from '../db/sqlite';
import type { SqlClient } from '../db/sqlite/sql-client';
import { openTestClient } from '../db/test-support';
import { ChangeFeed } from '../change-feed';
import { MemoryFolders } from '../../../test-support/memory-folders';
import { IndexingSchedule } from './indexing-schedule';
import { SearchService } from './search-service';

// The periodic indexing pass on a real SearchService over the real engine; only the clock is
// faked, so "every interval" is tested without waiting for one.

let sql: SqlClient;
let repos: Repositories;
let search: SearchService;
let schedule: IndexingSchedule;
let intervalMs: number;
/** Every pass the schedule started, so a test can wait for the one a timer just began. */
let passes: Promise<number>[];
const clock = testClock();

function say(id: string, content: string): void {
  repos.messages.insert(makeMessage({ id, sessionId: 's1', content, createdAt: clock.advance(1000) }));
}

/** Moves the fake clock on and waits for any pass that started meanwhile to end. */
async function advance(ms: number): Promise<void> {
  const started = passes.length;
  await vi.advanceTimersByTimeAsync(ms);
  await Promise.allSettled(passes.slice(started));
}

const waitingWrites = () => search.status().find((row) => row.sessionId === 's1')?.dirty;

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  sql = await openTestClient();
  repos = createSqliteRepositories(sql, clock.now);
  repos.sessions.create({ id: 's1', name: 'Birds', assistantId: 'default', createdAt: clock.advance() });
  search = new SearchService(sql, repos, new MemoryFolders(), new ChangeFeed());
  passes = [];
  const run = search.runIndexingPass.bind(search);
  vi.spyOn(search, 'runIndexingPass').mockImplementation((options) => {
    const pass = run(options);
    passes.push(pass);
    return pass;
  });
  intervalMs = 60_000;
  schedule = new IndexingSchedule(search, () => intervalMs);
});

afterEach(() => {
  schedule.stop();
  search.close();
  vi.useRealTimers();
});

describe('the indexing schedule', () => {
  it('takes in what waits a second after start, then every interval, reading the interval again each time', async () => {
    say('m1', 'kestrels hover');
    schedule.start();
    await advance(999);
    expect(search.runIndexingPass).not.toHaveBeenCalled();
    expect(waitingWrites()).toBe(true);
    await advance(1);
    expect(search.runIndexingPass).toHaveBeenCalledTimes(1);
    expect(waitingWrites()).toBe(false);

    say('m2', 'falcons dive');
    await advance(59_999);
    expect(search.runIndexingPass).toHaveBeenCalledTimes(1);
    expect(waitingWrites()).toBe(true);
    await advance(1);
    expect(search.runIndexingPass).toHaveBeenCalledTimes(2);
    expect(waitingWrites()).toBe(false);

    // A new setting applies from the next pass on.
    intervalMs = 5_000;
    await advance(60_000);
    expect(search.runIndexingPass).toHaveBeenCalledTimes(3);
    await advance(5_000);
    expect(search.runIndexingPass).toHaveBeenCalledTimes(4);
  });

  it('reports a failed pass and tries again at the next interval', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    schedule.start();
    await advance(1_000);
    vi.mocked(search.runIndexingPass).mockRejectedValueOnce(new Error('storage full'));
    say('m1', 'herons wade');
    await advance(60_000);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('runs again at the next interval'), expect.any(Error));
    expect(waitingWrites()).toBe(true);
    await advance(60_000);
    expect(waitingWrites()).toBe(false);
    warn.mockRestore();
  });

  it('runs nothing once stopped', async () => {
    schedule.start();
    await advance(1_000);
    expect(search.runIndexingPass).toHaveBeenCalledTimes(1);
    schedule.stop();
    say('m1', 'owls hoot');
    await advance(10 * 60_000);
    expect(search.runIndexingPass).toHaveBeenCalledTimes(1);
    expect(waitingWrites()).toBe(true);
  });
});
