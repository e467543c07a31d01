import { describe, expect, it } from 'vitest';
import { createSqliteRepositories } from '../db/sqlite';
import { openTestClient } from '../db/test-support';
import { ChangeFeed } from '../change-feed';
import { NoWorkspaceFolders } from '../sessions/workspace-folders';
import { ChatService } from './chat-service';
import { ContentService } from '../content/content-service';
import { SessionService } from '../sessions/session-service';
import { SettingsService } from '../settings/settings-service';
import { UploadParser, type ParsedUpload } from '../content/upload-parser';

// A call repeated after a hand-over between tabs (src/shared/call-policy.ts) must land once.
async function services() {
  const repos = createSqliteRepositories(await openTestClient());
  const changes = new ChangeFeed();
  const sessions = new SessionService(repos, new NoWorkspaceFolders(), changes);
  const chat = new ChatService(repos, changes);
  const content = new ContentService(
    repos,
    new SettingsService(repos, changes),
    changes,
    new UploadParser('http://localhost/cmaps/'),
  );
  return { repos, sessions, chat, content };
}

describe('writes repeated with the same id', () => {
  it('create a session once', async () => {
    const { sessions } = await services();
    const first = await sessions.create({ id: 'session-1', name: 'Trip' });
    const again = await sessions.create({ id: 'session-1', name: 'Trip' });
    expect(again).toEqual(first);
    expect(sessions.list()).toHaveLength(1);
  });

  it('send a message once', async () => {
    const { sessions, chat } = await services();
    const session = await sessions.create({ id: 'session-1' });
    const first = chat.sendUserMessage(session.id, 'hello', [], 'message-1');
    const again = chat.sendUserMessage(session.id, 'hello', [], 'message-1');
    expect(first.id).toBe('message-1');
    expect(again).toEqual(first);
    expect(chat.history(session.id).items).toHaveLength(1);
  });

  it('refuse an id that belongs to another session', async () => {
    const { sessions, chat } = await services();
    await sessions.create({ id: 'a' });
    await sessions.create({ id: 'b' });
    chat.sendUserMessage('a', 'hello', [], 'message-1');
    expect(() => chat.sendUserMessage('b', 'hello', [], 'message-1')).toThrow(/already exists/);
  });

  it('store a parsed upload once', async () => {
    const { sessions, content } = await services();
    await sessions.create({ id: 's' });
    const parsed: ParsedUpload = {
      item: { id: 'content-1', filename: 'notes.txt', mimeType: 'text/plain', size: 6, content: 'a\nb\nc\n' },
      chunks: [{ id: 'chunk-1', text: 'a\nb\nc', startLine: 1, endLine: 3, page: null, sheet: null }],
    };
    const first = content.store('s', parsed);
    const again = content.store('s', parsed);
    expect(again.id).toBe(first.id);
    expect(again.chunkCount).toBe(1);
    expect(content.list('s')).toHaveLength(1);
    expect(content.chunks('s', 'content-1')).toHaveLength(1);
  });
});
