import { expect, test, type Page } from '@playwright/test';
import type { ExposedPath } from '../src/shared/api';
import { callPolicy, repeatable, withCallIds } from '../src/shared/call-policy';
import { AppPage, type TestWindow } from './support/app';

/**
 * Bad calls at the worker API (issue 10, point 6): every exposed method, called through the real
 * Comlink boundary with wrong types, missing fields, huge values and unknown ids, rejects with a
 * coded AppError (never an untyped failure, which the boundary reports as `Internal`) and changes
 * nothing: a digest of every table is equal before and after.
 */

/** What a slot of a method's arguments holds; each kind has its own list of bad values. */
type Kind =
  | 'id'
  | 'anyId'
  | 'toLine'
  | 'optionalId'
  | 'text'
  | 'name'
  | 'optionalText'
  | 'limit'
  | 'optionalLimit'
  | 'offset'
  | 'object'
  | 'optionalObject'
  | 'list'
  | 'fn'
  | 'optionalFn'
  | 'bytesInput'
  | 'confirm';

interface Method {
  /** Good arguments: existing ids (placeholders filled in the page) and valid values. */
  args: unknown[];
  kinds: Kind[];
  /** Extra whole-argument lists that must be refused (bad fields inside objects, ...). */
  extra?: unknown[][];
}

// Placeholders the page swaps for the ids of the fixture it creates.
const S = '$session';
const M = '$message';
const A = '$assistant';
const C = '$content';
const P = '$provider';
const HUGE = '$huge'; // an 11 MB string, made in the page

/** Every exposed method, by path: one missing (or no longer exposed) is a compile error. */
const METHODS = {
  start: { args: [undefined], kinds: ['optionalObject'] },
  alive: { args: ['worker-life'], kinds: ['anyId'] },
  info: 'no-arguments',
  integrity: 'no-arguments',
  onChange: { args: [], kinds: ['fn'] },
  'sessions.list': { args: [undefined], kinds: ['optionalText'] },
  'sessions.get': { args: [S], kinds: ['id'] },
  'sessions.create': {
    args: [undefined],
    kinds: ['optionalObject'],
    extra: [
      [{ name: 42 }],
      [{ name: HUGE }],
      [{ assistantId: 42 }],
      [{ assistantId: 'no-such-assistant' }],
      [{ assistantId: HUGE }],
    ],
  },
  'sessions.rename': { args: [S, 'Renamed'], kinds: ['id', 'name'] },
  'sessions.delete': { args: [S], kinds: ['id'] },
  'data.exportWorkspace': { args: [S], kinds: ['id'] },
  'agent.resume': { args: [S], kinds: ['id'] },
  'content.store': {
    args: [S, { item: { id: 'stored-1', filename: 'a.txt', mimeType: 'text/plain', size: 1, content: 'a' }, chunks: [] }],
    kinds: ['id', 'object'],
    extra: [
      [S, { item: null, chunks: [] }],
      [S, { item: { id: 'stored-1', filename: 42, mimeType: 'text/plain', size: 1, content: 'a' }, chunks: [] }],
      [S, { item: { id: 'stored-1', filename: 'a.txt', mimeType: 'text/plain', size: 1, content: 'a' }, chunks: 'none' }],
    ],
  },
  'messages.history': { args: [S, M, 10], kinds: ['id', 'optionalId', 'optionalLimit'] },
  'messages.historyAfter': { args: [S, M, 10], kinds: ['id', 'optionalId', 'optionalLimit'] },
  'messages.around': { args: [S, M, 10], kinds: ['id', 'id', 'optionalLimit'] },
  'messages.send': {
    args: [S, 'hello', undefined],
    kinds: ['id', 'text', 'optionalObject'],
    extra: [
      [S, 'hi', [{ contentId: 'no-such-content', filename: 'x' }]],
      [S, 'hi', [42]],
      [S, '   '],
    ],
  },
  'messages.edit': { args: [M, 'edited'], kinds: ['id', 'text'], extra: [[M, '  ']] },
  'messages.delete': { args: [M], kinds: ['id'] },
  'messages.insertMany': {
    args: [[]],
    kinds: ['list'],
    extra: [
      [[{ id: 'new', sessionId: S }]],
      [[{ id: 'new', sessionId: 'no-such-session', role: 'user', content: 'x', createdAt: 1, updatedAt: 1 }]],
      [[{ id: 'new', sessionId: S, role: 'boss', content: 'x', createdAt: 1, updatedAt: 1 }]],
      [[{ id: 'new', sessionId: S, role: 'user', content: 42, createdAt: 1, updatedAt: 1 }]],
      [[{ id: HUGE, sessionId: S, role: 'user', content: 'x', createdAt: 1, updatedAt: 1 }]],
      [[{ id: 'new', sessionId: S, role: 'user', content: 'x', createdAt: -1, updatedAt: 1 }]],
      [[{ id: 'ok', sessionId: S, role: 'user', content: 'x', createdAt: 1, updatedAt: 1 }, null]],
    ],
  },
  'assistants.list': 'no-arguments',
  'assistants.create': {
    args: [{ name: 'X' }],
    kinds: ['object'],
    extra: [[{ name: 42 }], [{ name: HUGE }], [{ name: 'x', allowedTools: 'all' }], [{ name: 'x', modelSettings: [1] }], [{}]],
  },
  'assistants.update': {
    args: [A, {}],
    kinds: ['id', 'object'],
    extra: [
      [A, { name: '' }],
      [A, { name: HUGE }],
      [A, { allowedTools: [1] }],
      [A, { modelSettings: 'x' }],
      ['default', { name: 42 }],
    ],
  },
  'assistants.delete': { args: [A], kinds: ['id'], extra: [['default']] },
  'assistants.toolGrants': { args: [A], kinds: ['id'] },
  'assistants.revokeTool': {
    args: [A, { tool: 'delete_content', serverUrl: null }],
    kinds: ['id', 'object'],
    extra: [
      [A, { tool: 42, serverUrl: null }],
      [A, { tool: '', serverUrl: null }],
      [A, { tool: HUGE, serverUrl: null }],
      [A, { tool: 'delete_content', serverUrl: 42 }],
      [A, { tool: 'delete_content', serverUrl: HUGE }],
    ],
  },
  'content.upload': {
    args: [S, { name: 'a.txt', bytes: '$bytes' }, 'upload-1', undefined],
    // The upload id is new by definition, so any id of the right shape is fine.
    kinds: ['id', 'bytesInput', 'anyId', 'optionalFn'],
  },
  // An upload that finished a moment before its cancel is ignored, so an unknown id is no error.
  'content.cancelUpload': { args: ['upload-1'], kinds: ['anyId'] },
  'content.addText': { args: [S, 'note.md', 'some text'], kinds: ['id', 'name', 'text'], extra: [[S, 'note.md', '  ']] },
  'content.list': { args: [S, 0, 10], kinds: ['id', 'offset', 'optionalLimit'] },
  'content.get': { args: [S, C], kinds: ['id', 'id'] },
  'content.readLines': {
    args: [S, C, 1, 1],
    // A to_line past the end is clamped (the tools' contract), so it has no "huge" bad value.
    kinds: ['id', 'id', 'limit', 'toLine'],
    extra: [
      [S, C, 2, 1],
      [S, C, 99, 100],
    ],
  },
  'content.chunks': { args: [S, C], kinds: ['id', 'id'] },
  'content.search': {
    args: [S, 'word', 5],
    kinds: ['id', 'text', 'optionalLimit'],
    extra: [
      [S, '  ', 5],
      [S, 'word', 51],
    ],
  },
  'content.delete': { args: [S, C], kinds: ['id', 'id'] },
  'agent.respond': { args: [S], kinds: ['id'] },
  'agent.stop': { args: [S], kinds: ['id'] },
  'agent.questions': 'no-arguments',
  // No question waits here: only the shape can be wrong (an unknown id answers false).
  'agent.answer': {
    args: ['no-such-question', 'refuse'],
    kinds: ['anyId', 'anyId'],
    extra: [
      ['q', 'yes'],
      ['q', 'ALLOW'],
    ],
  },
  'agent.retry': { args: [M], kinds: ['id'], extra: [[M]] },
  'providers.list': 'no-arguments',
  'providers.save': {
    args: [{ name: 'P', baseUrl: 'http://127.0.0.1:9/v1' }],
    kinds: ['object'],
    extra: [
      [{ name: 'P', baseUrl: 'javascript:alert(1)' }],
      [{ name: 'P', baseUrl: 'not a url' }],
      [{ name: 42, baseUrl: 'http://127.0.0.1:9/v1' }],
      [{ name: 'P', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 42 }],
      [{ id: 'no-such-provider', name: 'P', baseUrl: 'http://127.0.0.1:9/v1' }],
      [{ name: HUGE, baseUrl: 'http://127.0.0.1:9/v1' }],
    ],
  },
  'providers.delete': { args: [P], kinds: ['id'] },
  'providers.models': { args: [P, undefined], kinds: ['id', 'optionalId'] },
  'providers.cancelModels': { args: ['request-1'], kinds: ['anyId'] },
  'search.query': {
    args: [{ text: 'hello' }],
    kinds: ['object'],
    extra: [
      [{ text: 42 }],
      [{ text: HUGE }],
      [{ text: 'x', role: 'boss' }],
      [{ text: 'x', sessionId: 'no-such-session' }],
      [{ text: 'x', sessionId: 42 }],
      [{ text: 'x', limit: 100_000 }],
      [{ text: 'x', from: 'yesterday' }],
    ],
  },
  'search.status': 'no-arguments',
  'search.rebuild': { args: [undefined], kinds: ['optionalId'] },
  'mcp.test': {
    args: [{ name: 'x', url: 'http://127.0.0.1:9/mcp' }, undefined],
    kinds: ['object', 'optionalId'],
    extra: [
      [{ name: 'x', url: 'not a web address' }],
      [{ name: 'x', url: 42 }],
      [{ name: 'x', url: 'ftp://example.com' }],
      [{ url: HUGE }],
    ],
  },
  'mcp.cancelTest': { args: ['test-1'], kinds: ['anyId'] },
  'data.backup': 'no-arguments',
  'data.inspectBackup': { args: [], kinds: [], extra: [[undefined], [null], [42], ['SQLite format 3'], [[1, 2, 3]], [{}]] },
  'data.restore': { args: ['no-such-token'], kinds: ['anyId'], extra: [['no-such-token']] },
  'data.cancelRestore': 'no-arguments',
  'data.keptCopy': 'no-arguments',
  // Nothing is kept here (no restore ran): both are refused (NotFound).
  'data.exportKeptCopy': { args: [], kinds: [], extra: [[]] },
  'data.undoRestore': { args: [], kinds: [], extra: [[]] },
  'data.deleteKeptCopy': 'no-arguments',
  'data.exportSession': { args: [S, 'json'], kinds: ['id', 'anyId'], extra: [[S, 'pdf']] },
  'data.exportAll': 'no-arguments',
  'data.import': {
    args: ['{}'],
    kinds: ['text'],
    extra: [['not json'], ['{"format":"other"}'], ['[]'], ['{"format":"libragent-web","version":99,"sessions":[]}']],
  },
  activity: 'no-arguments',
  'testing.setStorageFull': { args: [], kinds: [], extra: [[undefined], [42], ['yes'], [null]] },
  'settings.get': 'no-arguments',
  'settings.problems': 'no-arguments',
  'settings.update': {
    args: [{}],
    kinds: ['object'],
    extra: [
      [{ agent: { maxSteps: 0 } }],
      [{ agent: { maxSteps: 1e300 } }],
      [{ agent: 'x' }],
      [{ chunking: { maxLines: -1 } }],
      [{ contentLimits: 42 }],
    ],
  },
  // These answer about deleted sessions too (an empty footprint, no folder): unknown ids are fine.
  // The database is sound here, so there is nothing to recover: both are refused (NotFound).
  'recovery.available': 'no-arguments',
  'recovery.exportReadable': { args: [], kinds: [], extra: [[]] },
  'recovery.inspectBackup': { args: [], kinds: [], extra: [[undefined], ['$bytes']] },
  'recovery.restore': { args: ['no-such-token', true], kinds: ['anyId', 'confirm'], extra: [['no-such-token', true]] },
  'recovery.startFresh': { args: [true], kinds: ['confirm'], extra: [[true]] },
  'diagnostics.sessionFootprint': { args: [S], kinds: ['anyId'] },
  'diagnostics.workspaceFolderExists': { args: [S], kinds: ['anyId'] },
  'diagnostics.tables': 'no-arguments',
  'diagnostics.totals': 'no-arguments',
  'diagnostics.role': 'no-arguments',
  'diagnostics.ownership': 'no-arguments',
  'diagnostics.integrityCheck': 'no-arguments',
  'diagnostics.digest': 'no-arguments',
  'diagnostics.methods': 'no-arguments',
  // Damages the search index only when confirmed with true: every other argument is refused.
  'diagnostics.damageSearchIndex': { args: [true], kinds: ['confirm'] },
  'diagnostics.storeRawSetting': { args: ['agent', '{"maxSteps": 8}'], kinds: ['anyId', 'text'] },
  // Only whole numbers in range are taken; a good one is not called here (the next start would refuse the file).
  'diagnostics.setSchemaVersion': { args: [], kinds: [], extra: [[-1], [1.5], ['7'], [null], [1e9]] },
} satisfies Record<ExposedPath, Method | 'no-arguments'>;

const BAD: Record<Kind, unknown[]> = {
  id: [undefined, null, 42, true, {}, ['x'], '', '   ', 'x'.repeat(129), HUGE, 'no-such-id'],
  anyId: [undefined, null, 42, true, {}, ['x'], '', '   ', 'x'.repeat(129), HUGE],
  optionalId: [42, {}, ['x'], '', HUGE, 'no-such-id'],
  text: [undefined, null, 42, {}, ['x']],
  optionalText: [42, {}, ['x'], true],
  name: [undefined, null, 42, {}, '', '   ', HUGE],
  limit: [undefined, null, 'x', 0, -1, 1.5, NaN, Infinity, 1e15, {}],
  confirm: [undefined, null, 'yes', 1, false, {}],
  toLine: [undefined, null, 'x', 0, -1, 1.5, NaN, Infinity, {}],
  optionalLimit: [null, 'x', 0, -1, 1.5, NaN, Infinity, 1e15, {}],
  offset: [null, 'x', -1, 1.5, NaN, Infinity, {}],
  object: [undefined, null, 42, 'x', ['x']],
  optionalObject: [42, 'x', true],
  list: [undefined, null, 42, 'x', {}],
  fn: [undefined, null, 42, 'x', {}],
  optionalFn: [42, 'x', {}],
  bytesInput: [
    undefined,
    null,
    42,
    'x',
    {},
    { name: 'a.txt' },
    { name: 42, bytes: '$bytes' },
    { name: 'a.txt', bytes: 'text' },
    { name: 'a.txt', bytes: [1, 2] },
  ],
};

interface Case {
  method: string;
  args: unknown[];
  label: string;
}

function casesFor(name: string, method: Method): Case[] {
  const cases: Case[] = [];
  method.kinds.forEach((kind, slot) => {
    for (const bad of BAD[kind]) {
      const args = [...method.args];
      args[slot] = bad;
      cases.push({ method: name, args, label: `${name} arg ${slot + 1} = ${describe(bad)}` });
    }
  });
  for (const args of method.extra ?? []) cases.push({ method: name, args, label: `${name}(${args.map(describe).join(', ')})` });
  return cases;
}

function describe(value: unknown): string {
  if (value === HUGE) return '11 MB string';
  if (typeof value === 'string') return JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value);
  if (typeof value === 'number') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Answered by the tab's own worker, never sent to an owner: the call policy's hand-over does not apply. */
const TAB_ONLY = new Set([
  'start',
  'alive',
  'onChange',
  'activity',
  'content.upload',
  'content.cancelUpload',
  'diagnostics.role',
]);

const ALL_CASES = Object.entries(METHODS).flatMap(([name, method]) => (method === 'no-arguments' ? [] : casesFor(name, method)));

async function makeFixture(page: Page) {
  return page.evaluate(async () => {
    const api = (window as unknown as TestWindow).libragent;
    const session = await api.sessions.create({ name: 'Bad calls' });
    const message = await api.messages.send(session.id, 'a message to point at');
    const content = await api.content.addText(session.id, 'doc.md', 'one word\nanother line');
    const assistant = await api.assistants.create({ name: 'Spare' });
    const provider = await api.providers.save({ name: 'Local', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-secret' });
    return { session: session.id, message: message.id, content: content.id, assistant: assistant.id, provider: provider.id };
  });
}

test('every exposed method is covered by this table', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  const names = await page.evaluate(() => (window as unknown as TestWindow).libragent.diagnostics.methods());
  expect([...names].sort()).toEqual(Object.keys(METHODS).sort());
});

test(`bad calls (${ALL_CASES.length} of them) are refused with a coded error and change nothing`, async ({ page }) => {
  test.setTimeout(120_000);
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  const ids = await makeFixture(page);
  const results = await page.evaluate(
    async ({ cases, ids }) => {
      const api = (window as unknown as TestWindow).libragent;
      const huge = 'x'.repeat(11 * 1024 * 1024);
      const swap = (value: unknown): unknown => {
        if (value === '$huge') return huge;
        if (value === '$bytes') return new TextEncoder().encode('hello');
        if (typeof value === 'string' && value.startsWith('$') && value.slice(1) in ids)
          return ids[value.slice(1) as keyof typeof ids];
        if (Array.isArray(value)) return value.map(swap);
        if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, swap(v)]));
        return value;
      };
      const out: { label: string; outcome: string; code?: string; message?: string; changed?: boolean }[] = [];
      let before = JSON.stringify(await api.diagnostics.digest());
      for (const c of cases) {
        const fn = c.method.split('.').reduce<unknown>((target, key) => (target as Record<string, unknown>)[key], api) as (
          ...args: unknown[]
        ) => Promise<unknown>;
        let outcome: (typeof out)[number];
        try {
          await fn(...(swap(c.args) as unknown[]));
          outcome = { label: c.label, outcome: 'resolved' };
        } catch (error) {
          const e = error as { name?: string; code?: string; message?: string };
          outcome = { label: c.label, outcome: e.name ?? 'unknown', code: e.code, message: e.message?.slice(0, 160) };
        }
        const after = JSON.stringify(await api.diagnostics.digest());
        outcome.changed = after !== before;
        out.push(outcome);
        before = after;
      }
      return out;
    },
    { cases: ALL_CASES, ids },
  );
  const wrong = results.filter(
    (r) => r.outcome !== 'AppError' || !r.code || r.code === 'Internal' || !r.message || r.message.length < 5 || r.changed,
  );
  const report = wrong.map((r) => `${r.label}: ${r.outcome} ${r.code ?? ''} ${r.changed ? 'CHANGED ' : ''}${r.message ?? ''}`);
  expect(report).toEqual([]);
  expect(results).toHaveLength(ALL_CASES.length);
});

test('methods without arguments ignore junk arguments and change nothing', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  await makeFixture(page);
  const names = Object.entries(METHODS)
    .filter(([, method]) => method === 'no-arguments')
    .map(([name]) => name);
  const changed = await page.evaluate(async (names) => {
    const api = (window as unknown as TestWindow).libragent;
    const before = JSON.stringify(await api.diagnostics.digest());
    const changed: string[] = [];
    for (const name of names) {
      const fn = name.split('.').reduce<unknown>((target, key) => (target as Record<string, unknown>)[key], api) as (
        ...args: unknown[]
      ) => Promise<unknown>;
      await fn(42, 'x', { junk: true });
      if (JSON.stringify(await api.diagnostics.digest()) !== before) changed.push(name);
    }
    return changed;
  }, names);
  expect(changed).toEqual([]);
});

/**
 * The call policy (src/shared/call-policy.ts) says which calls a tab may send again after the
 * owner that took them went away. Here that is checked against what each call does: every call
 * it marks repeatable (a read, an idempotent write, a delete), made with good arguments and the
 * ids the tab gives them before the first attempt, on a fixture of its own, leaves the data the
 * second time as it did the first. A call marked repeatable that landed twice would fail here.
 */
test('every call the policy lets a tab send again lands the same when it is made twice', async ({ page }) => {
  test.setTimeout(120_000);
  const app = new AppPage(page);
  await app.goto();
  await app.waitUntilReady();
  let next = 0;
  const calls = Object.entries(METHODS)
    .filter(([name]) => repeatable(callPolicy(name)) && !TAB_ONLY.has(name))
    .map(([name, method]) => {
      const args = method === 'no-arguments' ? [] : method.args;
      return { name, args: withCallIds(name, args, () => `repeat-${++next}`) };
    });
  const outcomes = await page.evaluate(async (calls) => {
    const api = (window as unknown as TestWindow).libragent;
    // Every table as it is, but for when a row was last saved or read: an update made again with
    // the same values saves them again, later, and a read marks a document as read (updated_at,
    // last_accessed_at). Those tables are compared as the app reads them, without those times; the
    // search index's change counter (message_index_meta) counts every save, so only its rows count.
    const untimed = (value: unknown) =>
      JSON.stringify(value, (key, field: unknown) => (/^(updatedAt|lastAccessedAt)$/.test(key) ? undefined : field));
    const TIMED = ['assistants', 'settings', 'sessions', 'messages', 'contents', 'message_index_meta'];
    const state = async () => {
      const digest = await api.diagnostics.digest();
      const tables = Object.entries(digest).map(([name, table]) => (TIMED.includes(name) ? [name, table.rows] : [name, table]));
      const sessions = await api.sessions.list();
      const inSessions = await Promise.all(
        sessions.map(async (session) => ({
          messages: (await api.messages.history(session.id, null, 100)).items,
          contents: await api.content.list(session.id, 0, 100),
        })),
      );
      return untimed({
        tables,
        sessions,
        inSessions,
        assistants: await api.assistants.list(),
        settings: await api.settings.get(),
      });
    };
    const outcomes: { name: string; first: string; second: string; same: boolean }[] = [];
    for (const call of calls) {
      // A fixture of its own, so a delete made earlier takes nothing from a later call.
      const session = await api.sessions.create({ name: `Repeat ${call.name}` });
      const ids: Record<string, string> = {
        session: session.id,
        message: (await api.messages.send(session.id, 'a message to point at')).id,
        content: (await api.content.addText(session.id, 'doc.md', 'one word\nanother line')).id,
        assistant: (await api.assistants.create({ name: `Spare ${call.name}` })).id,
        provider: (await api.providers.save({ name: `Local ${call.name}`, baseUrl: 'http://127.0.0.1:9/v1' })).id,
      };
      const swap = (value: unknown): unknown => {
        if (typeof value === 'string' && value.startsWith('$') && value.slice(1) in ids) return ids[value.slice(1)];
        if (Array.isArray(value)) return value.map(swap);
        if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, swap(v)]));
        return value;
      };
      const fn = call.name.split('.').reduce<unknown>((target, key) => (target as Record<string, unknown>)[key], api) as (
        ...args: unknown[]
      ) => Promise<unknown>;
      const attempt = () =>
        fn(...(swap(call.args) as unknown[])).then(
          () => 'done',
          (error: { code?: string }) => error.code ?? 'failed',
        );
      const first = await attempt();
      const once = await state();
      const second = await attempt();
      outcomes.push({ name: call.name, first, second, same: (await state()) === once });
    }
    return outcomes;
  }, calls);
  expect(outcomes.length).toBeGreaterThan(40);
  // Each did its work the first time (none was refused for want of a fixture), but for the calls
  // whose good arguments need what this page has not got ...
  const cannotHere: Record<string, string> = {
    'providers.models': 'ProviderUnreachable', // no model server at the fixture's address
    'mcp.test': 'McpUnavailable', // nor an MCP server
    'data.inspectBackup': 'InvalidInput', // the table has no backup's bytes to give it
    'data.exportKeptCopy': 'NotFound', // no restore was made, so no copy is kept
    'diagnostics.setSchemaVersion': 'InvalidInput', // nor a version to set
  };
  expect(outcomes.filter((o) => o.first !== 'done' && cannotHere[o.name] !== o.first)).toEqual([]);
  // ... and the second time changed nothing more (a repeated delete may find nothing: NotFound).
  expect(outcomes.filter((o) => !o.same).map((o) => o.name)).toEqual([]);
  expect(outcomes.filter((o) => o.second !== 'done' && o.second !== o.first && o.second !== 'NotFound')).toEqual([]);
});
