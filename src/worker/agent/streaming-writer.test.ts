import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../shared/errors';
import { makeMessage } from '../db/contract/fixtures';
import type { Repositories } from '../db/repositories';
import { createSqliteRepositories } from '../db/sqlite';
import { openTestClient } from '../db/test-support';
import { ChangeFeed } from '../change-feed';
import { StreamingWriter, WRITE_INTERVAL_MS } from './streaming-writer';

let repos: Repositories;
/** Writes of messages that fail, as on a full disk, while set. */
let diskFull = false;

beforeEach(async () => {
  vi.useFakeTimers();
  repos = createSqliteRepositories(await openTestClient(), () => 1);
  repos.sessions.create({ id: 's1', name: 'S', assistantId: 'default', createdAt: 1 });
  const insert = repos.messages.insert.bind(repos.messages);
  diskFull = false;
  repos.messages.insert = (message) => {
    // A full disk refuses the growing answer; the short final mark fits in its page.
    if (diskFull && message.content.length > 20) throw new AppError('StorageFull', 'Storage is full.');
    return insert(message);
  };
  return () => vi.useRealTimers();
});

const start = () =>
  new StreamingWriter(
    repos,
    new ChangeFeed(),
    makeMessage({ id: 'a1', sessionId: 's1', role: 'assistant', content: '', isStreaming: true }),
  );
const output = (content: string) => ({ content, thinking: null, toolCalls: null });

describe('StreamingWriter', () => {
  it('writes a growing answer at intervals, then final', () => {
    const writer = start();
    writer.update(output('Hello'));
    vi.advanceTimersByTime(WRITE_INTERVAL_MS);
    expect(repos.messages.get('a1')).toMatchObject({ content: 'Hello', isStreaming: true });
    writer.finish(output('Hello there'));
    expect(repos.messages.get('a1')).toMatchObject({ content: 'Hello there', isStreaming: false, error: null });
  });

  it('settle() saves a turn that goes on (its tools run) still marked as being written, until finish()', () => {
    const writer = start();
    const toolCalls = [{ id: 'c1', type: 'function' as const, function: { name: 'keyword_search', arguments: '{}' } }];
    writer.settle({ content: 'Looking it up', thinking: null, toolCalls });
    expect(repos.messages.get('a1')).toMatchObject({ content: 'Looking it up', toolCalls, isStreaming: true });
    writer.finish(null);
    expect(repos.messages.get('a1')).toMatchObject({ content: 'Looking it up', toolCalls, isStreaming: false, error: null });
  });

  it('on a full disk, never leaves the answer marked as being written, and says why', () => {
    const writer = start();
    writer.update(output('Short start'));
    vi.advanceTimersByTime(WRITE_INTERVAL_MS);
    diskFull = true;
    writer.update(output('Short start, and then a much longer rest that no longer fits'));
    // A failed write while it streams is not thrown into a timer: the answer goes on.
    expect(() => vi.advanceTimersByTime(WRITE_INTERVAL_MS)).not.toThrow();
    expect(() => writer.finish(output('Short start, and then a much longer rest that no longer fits. The end.'))).toThrow(
      'Storage is full',
    );
    const stored = repos.messages.get('a1');
    expect(stored).toMatchObject({ content: 'Short start', isStreaming: false });
    expect(stored.error).toMatch(/^Storage is full: the end of this answer could not be saved\. Free some space, then retry\.$/);
  });
});
