import { beforeEach, describe, expect, it } from 'vitest';
import type { Repositories } from '../repositories';
import { createSession, expectCode, makeHistory, testClock, type RepositoryFactory, type TestClock } from './fixtures';

export function sessionContract(factory: RepositoryFactory): void {
  let repos: Repositories;
  let clock: TestClock;

  beforeEach(async () => {
    clock = testClock();
    repos = await factory(clock);
  });

  it('creates, reads and renames a session', () => {
    const created = repos.sessions.create({ id: 's1', name: '  Trip plans ', assistantId: 'default', createdAt: 5 });
    expect(created).toEqual({ id: 's1', name: 'Trip plans', assistantId: 'default', createdAt: 5, updatedAt: 5 });
    expect(repos.sessions.rename('s1', 'Holiday')).toMatchObject({ name: 'Holiday' });
    expect(repos.sessions.get('s1').name).toBe('Holiday');
  });

  it('refuses duplicates, unknown assistants, empty names and unknown ids', () => {
    createSession(repos, 's1');
    expectCode(() => createSession(repos, 's1'), 'InvalidInput');
    expectCode(() => repos.sessions.create({ id: 's2', name: 'x', assistantId: 'ghost', createdAt: 1 }), 'NotFound');
    expectCode(() => repos.sessions.create({ id: 's2', name: '   ', assistantId: 'default', createdAt: 1 }), 'InvalidInput');
    expectCode(() => repos.sessions.create({ id: '', name: 'x', assistantId: 'default', createdAt: 1 }), 'InvalidInput');
    expectCode(() => repos.sessions.create(null as never), 'InvalidInput');
    expectCode(() => repos.sessions.get('ghost'), 'NotFound');
    expectCode(() => repos.sessions.rename('ghost', 'x'), 'NotFound');
    expectCode(() => repos.sessions.delete('ghost'), 'NotFound');
    expect(repos.sessions.list()).toHaveLength(1);
  });

  it('lists by most recent activity, filters by name and pages', () => {
    createSession(repos, 'a', 1);
    createSession(repos, 'b', 2);
    createSession(repos, 'c', 3);
    expect(repos.sessions.list().map((s) => s.id)).toEqual(['c', 'b', 'a']);
    repos.messages.insertMany(makeHistory('a', 1));
    expect(repos.sessions.list().map((s) => s.id)).toEqual(['a', 'c', 'b']);
    repos.sessions.rename('b', 'Überblick');
    expect(repos.sessions.list({ nameContains: 'üBER' }).map((s) => s.id)).toEqual(['b']);
    expect(repos.sessions.list({ offset: 1, limit: 1 }).map((s) => s.id)).toEqual(['c']);
    expectCode(() => repos.sessions.list({ offset: -1 }), 'InvalidInput');
  });

  it('deletes a session with everything that belongs to it, and nothing else', () => {
    for (const id of ['gone', 'kept']) {
      createSession(repos, id);
      repos.messages.insertMany(makeHistory(id, 3, `${id}-`));
      repos.messages.updateIndexMeta(id, { indexPath: `search/${id}`, docCount: 3, rebuildDurationMs: 1 });
      repos.contentStore.addContent(
        id,
        { id: `${id}-doc`, filename: 'a.txt', mimeType: 'text/plain', size: 3, content: 'a\nb\nc' },
        [
          { id: `${id}-c1`, text: 'a\nb', startLine: 1, endLine: 2, page: null, sheet: null },
          { id: `${id}-c2`, text: 'c', startLine: 3, endLine: 3, page: null, sheet: null },
        ],
      );
    }
    repos.sessions.delete('gone');

    expectCode(() => repos.sessions.get('gone'), 'NotFound');
    expect(repos.messages.countBySession('gone')).toBe(0);
    expect(repos.messages.getIndexMeta('gone')).toBeNull();
    expect(repos.contentStore.getStore('gone')).toBeNull();
    expect(repos.contentStore.listContents('gone')).toEqual([]);
    expectCode(() => repos.contentStore.listChunks('gone', 'gone-doc'), 'NotFound');
    expect(repos.sessions.list().map((s) => s.id)).toEqual(['kept']);

    expect(repos.messages.countBySession('kept')).toBe(3);
    expect(repos.messages.getIndexMeta('kept')).not.toBeNull();
    expect(repos.contentStore.listChunks('kept', 'kept-doc')).toHaveLength(2);
  });

  it('keeps the session when only its index metadata is deleted', () => {
    createSession(repos, 's1');
    repos.messages.insertMany(makeHistory('s1', 2));
    repos.sessions.deleteIndexMetadata('s1');
    expect(repos.messages.getIndexMeta('s1')).toBeNull();
    expect(repos.messages.countBySession('s1')).toBe(2);
  });

  describe('assistants', () => {
    it('has a default assistant from the first start', () => {
      const assistant = repos.assistants.getDefault();
      expect(assistant).toMatchObject({ id: 'default', isDefault: true });
      expect(assistant.allowedTools).toContain('keyword_search');
      expect(repos.assistants.list()[0].id).toBe('default');
    });

    it('creates assistants and refuses to delete one in use or the default', () => {
      repos.assistants.create({
        id: 'coder',
        name: 'Coder',
        systemPrompt: 'Write code.',
        allowedTools: ['read_content'],
        createdAt: clock.now(),
      });
      expect(repos.assistants.get('coder')).toMatchObject({ name: 'Coder', systemPrompt: 'Write code.', isDefault: false });
      repos.sessions.create({ id: 's1', name: 'x', assistantId: 'coder', createdAt: 1 });
      expectCode(() => repos.assistants.delete('coder'), 'InUse');
      expectCode(() => repos.assistants.delete('default'), 'InUse');
      repos.sessions.delete('s1');
      repos.assistants.delete('coder');
      expectCode(() => repos.assistants.get('coder'), 'NotFound');
      expectCode(
        () => repos.assistants.create({ id: 'bad', name: 'x', allowedTools: 'all' as never, createdAt: 1 }),
        'InvalidInput',
      );
    });

    it('updates only the fields it is given', () => {
      repos.assistants.create({ id: 'a1', name: 'Writer', description: 'd', systemPrompt: 'p', createdAt: 1 });
      const updated = repos.assistants.update(
        'a1',
        { systemPrompt: 'Be brief.', allowedTools: ['list_content'], modelSettings: { model: 'm', temperature: 0.2 } },
        50,
      );
      expect(updated).toMatchObject({
        name: 'Writer',
        description: 'd',
        systemPrompt: 'Be brief.',
        allowedTools: ['list_content'],
        updatedAt: 50,
        createdAt: 1,
      });
      expect(repos.assistants.get('a1')).toEqual(updated);
      expectCode(() => repos.assistants.update('a1', { name: ' ' }, 60), 'InvalidInput');
      expectCode(() => repos.assistants.update('a1', { modelSettings: [] as never }, 60), 'InvalidInput');
      expectCode(() => repos.assistants.update('ghost', { name: 'x' }, 60), 'NotFound');
      expect(repos.assistants.get('a1').updatedAt).toBe(50);
    });
  });

  describe('settings', () => {
    it('stores JSON values by key', () => {
      expect(repos.settings.get('theme')).toBeUndefined();
      repos.settings.set('theme', { mode: 'dark', sizes: [1, 2] });
      repos.settings.set('theme', { mode: 'light' });
      expect(repos.settings.get('theme')).toEqual({ mode: 'light' });
      expectCode(() => repos.settings.set('', 1), 'InvalidInput');
      expectCode(() => repos.settings.set('x', Number.NaN), 'InvalidInput');
    });
  });

  describe('transactions across repositories', () => {
    it('undoes every repository when the work throws', () => {
      createSession(repos, 's1');
      expect(() =>
        repos.transaction(() => {
          repos.messages.insertMany(makeHistory('s1', 3));
          repos.sessions.rename('s1', 'renamed');
          throw new Error('boom');
        }),
      ).toThrow('boom');
      expect(repos.messages.countBySession('s1')).toBe(0);
      expect(repos.sessions.get('s1').name).toBe('Session s1');
    });
  });
}
