import type { ApiPath, ExposedPath } from './api';

/**
 * What may be done with a call to the database worker when the worker that was answering it went
 * away (the owner tab closed, reloaded or crashed, or this tab's own worker was terminated):
 *
 * - `read`: nothing changes; repeat it on the next owner.
 * - `idempotent`: a write that lands the same however often it is made (an upsert by an id the
 *   caller chose, a rename, saved settings): repeat it.
 * - `delete`: repeat it; a repeat that finds nothing to delete means the first one was done.
 * - `agent`: an answer being written. If it had begun, the next owner marks it interrupted (with
 *   Retry) in the message itself; so it is asked again in its resuming form (`resumeAs`), which
 *   answers only a question nobody has begun to answer, and otherwise the call ends quietly.
 * - `once`: anything else. It may or may not have been done, so it fails with `Busy` and a
 *   message that says to check and try again.
 */
export type CallPolicy = 'read' | 'idempotent' | 'delete' | 'agent' | 'once';

/** The policy of every call the database answers; a new call does not compile until it has one. */
const POLICIES = {
  info: 'read',
  integrity: 'read',
  'sessions.list': 'read',
  'sessions.get': 'read',
  'sessions.create': 'idempotent', // by the id given in withCallIds
  'sessions.rename': 'idempotent',
  'sessions.delete': 'delete',
  'messages.history': 'read',
  'messages.historyAfter': 'read',
  'messages.around': 'read',
  'messages.send': 'idempotent', // by the id given in withCallIds
  'messages.edit': 'idempotent',
  'messages.delete': 'delete',
  'messages.insertMany': 'idempotent',
  'assistants.list': 'read',
  'assistants.create': 'once',
  'assistants.update': 'idempotent',
  'assistants.delete': 'delete',
  'assistants.toolGrants': 'read',
  'assistants.revokeTool': 'delete',
  'content.store': 'idempotent', // the parsed upload, under the content id its parser chose
  'content.addText': 'once',
  'content.list': 'read',
  'content.get': 'read',
  'content.readLines': 'read',
  'content.chunks': 'read',
  'content.search': 'read',
  'content.delete': 'delete',
  'agent.respond': 'agent',
  'agent.retry': 'agent',
  'agent.resume': 'agent',
  'agent.stop': 'idempotent',
  'agent.questions': 'read',
  // An answer to a question lands once: a repeat finds it answered (or gone with its answer).
  'agent.answer': 'idempotent',
  'providers.list': 'read',
  'providers.save': 'once',
  'providers.models': 'read',
  'providers.cancelModels': 'idempotent', // a second cancel finds the request already stopped
  'providers.delete': 'delete',
  // A rebuild lands the same twice.
  'search.query': 'read',
  'search.status': 'read',
  'search.rebuild': 'idempotent',
  'mcp.test': 'read',
  'mcp.cancelTest': 'idempotent', // a second cancel finds the test already stopped
  // Backup and exports only read; restore and import are done once (an import repeated would
  // import everything again under new ids).
  'data.backup': 'read',
  'data.inspectBackup': 'read',
  'data.restore': 'once',
  'data.cancelRestore': 'once',
  'data.keptCopy': 'read',
  'data.exportKeptCopy': 'read',
  'data.undoRestore': 'once',
  'data.deleteKeptCopy': 'delete',
  'data.exportWorkspace': 'read',
  'data.exportSession': 'read',
  'data.exportAll': 'read',
  'data.import': 'once',
  'settings.get': 'read',
  'settings.problems': 'read',
  'settings.update': 'idempotent',
  'diagnostics.sessionFootprint': 'read',
  'diagnostics.workspaceFolderExists': 'read',
  'diagnostics.tables': 'read',
  'diagnostics.totals': 'read',
  'diagnostics.integrityCheck': 'read',
  'diagnostics.digest': 'read',
  'diagnostics.methods': 'read',
  'diagnostics.damageSearchIndex': 'idempotent', // the same zeroed pages however often
  'diagnostics.storeRawSetting': 'idempotent',
  'diagnostics.setSchemaVersion': 'idempotent',
} satisfies Record<ApiPath, CallPolicy>;

/**
 * The calls answered by the tab's own worker, never sent to the owner: the policy is what the tab's
 * worker host does with them when that worker dies (it starts the new worker as the old one was
 * started and subscribes its listeners again itself; see worker-host.ts).
 */
const TAB_POLICIES = {
  start: 'once',
  alive: 'once',
  onChange: 'once',
  'content.upload': 'once',
  'content.cancelUpload': 'once',
  activity: 'once',
  'testing.setStorageFull': 'once',
  'recovery.available': 'once',
  'recovery.exportReadable': 'once',
  'recovery.inspectBackup': 'once',
  'recovery.restore': 'once',
  'recovery.startFresh': 'once',
  'diagnostics.role': 'read',
  'diagnostics.ownership': 'once',
} satisfies Record<Exclude<ExposedPath, ApiPath>, CallPolicy>;

/** The form of an `agent` call that is safe to repeat after its worker went away. */
const RESUMED: Partial<Record<ApiPath, ApiPath>> = { 'agent.respond': 'agent.resume' };

type GiveIds = (args: unknown[], newId: () => string) => unknown[];

/** The calls that create a row, with how each is given the row's id before it is first sent. */
const CALL_IDS: Partial<Record<ApiPath, GiveIds>> = {
  'sessions.create': (args, newId) => {
    const input = (args[0] ?? {}) as Record<string, unknown>;
    if (typeof input !== 'object' || input === null || input.id !== undefined) return args;
    return [{ ...input, id: newId() }, ...args.slice(1)];
  },
  'messages.send': (args, newId) => {
    if (args[3] !== undefined) return args;
    const copy = [...args];
    copy.length = Math.max(copy.length, 3);
    copy[3] = newId();
    return copy;
  },
};

/** The entry of `path` in a table of calls; a path that is none (or names a property of every object) has none. */
function entryOf<V>(table: Partial<Record<string, V>>, path: string): V | undefined {
  return Object.hasOwn(table, path) ? table[path] : undefined;
}

/** The form of an `agent` call that is safe to repeat after its worker went away, if it has one. */
export function resumeAs(path: string): string | undefined {
  return entryOf(RESUMED, path);
}

/** The policy of a call by its path; a path that is no call at all is treated as `once`. */
export function callPolicy(path: string): CallPolicy {
  return entryOf<CallPolicy>(POLICIES, path) ?? entryOf<CallPolicy>(TAB_POLICIES, path) ?? 'once';
}

/** Whether a call interrupted by a lost worker is made again. */
export function repeatable(policy: CallPolicy): boolean {
  return policy === 'read' || policy === 'idempotent' || policy === 'delete';
}

/**
 * Gives a creating call the id of what it creates before it is first sent, so that a repeat after
 * a hand-over finds the row the first attempt may have written instead of writing a second one.
 */
export function withCallIds(path: string, args: unknown[], newId: () => string = () => crypto.randomUUID()): unknown[] {
  return entryOf(CALL_IDS, path)?.(args, newId) ?? args;
}

export const BUSY_MESSAGE =
  'The LibrAgent tab that was saving this closed before it answered, so it may not have been saved. Check, then try again.';
