import { proxy } from 'comlink';
import { withCallIds } from '../shared/call-policy';
import { invalidInput } from '../shared/errors';
import type { TestHooks } from '../shared/test-hooks';
import { agentHandlers, mcpHandlers, providerHandlers } from './agent/handlers';
import { assistantHandlers } from './assistants/handlers';
import { ChangeFeed, type ChangeListener } from './change-feed';
import { createUploadParser, type DatabaseInfo, type Services } from './compose';
import { contentHandlers, uploadHandlers } from './content/handlers';
import { dataHandlers } from './data/handlers';
import { messageHandlers } from './messages/handlers';
import { searchHandlers } from './search/handlers';
import { sessionHandlers } from './sessions/handlers';
import { settingsHandlers } from './settings/handlers';
import { CallTable, type CallPaths } from './tab/call-table';
import { DatabaseTab } from './tab/database-tab';
import { diagnosticsHandlers, tabDiagnosticsHandlers } from './tab/diagnostics-handlers';
import { recoveryHandlers } from './tab/recovery-handlers';
import { testingHandlers } from './tab/test-hooks';

export type { DatabaseInfo } from './compose';
export type { TabRole } from './tab/database-tab';

/** This tab's views listen here; in the owner the services write here and it is also broadcast. */
const changes = new ChangeFeed();
/** One parser for every upload of this tab, whichever tab owns the database. */
const parser = createUploadParser();
const tab: DatabaseTab = new DatabaseTab(changes, parser, (path, args) => calls.run(path, args));
const services = (): Services => tab.services();

/**
 * What the database does, run in the worker that owns it: calls from this tab's UI and calls
 * forwarded from the other tabs arrive here by path ('sessions.create'). Plain data in and out.
 */
const local = {
  /** Where the database lives (OPFS or memory), its schema and SQLite versions, what this start migrated. */
  info: (): DatabaseInfo => services().info,
  /** Resolves once the database has passed the integrity check its start did not wait for; rejects with Corrupt. */
  integrity: (): Promise<void> => tab.integrity(),
  sessions: sessionHandlers(services),
  messages: messageHandlers(services),
  assistants: assistantHandlers(services),
  content: contentHandlers(services),
  agent: agentHandlers(services),
  providers: providerHandlers(services),
  search: searchHandlers(services),
  mcp: mcpHandlers(),
  data: dataHandlers(services),
  settings: settingsHandlers(services),
  diagnostics: diagnosticsHandlers(services, exposedApi),
};

/** Every call the database answers, by path: 'info' | 'sessions.list' | ... (each has a call policy). */
export type ApiPath = CallPaths<typeof local>;

const calls = new CallTable(local);

/** The namespace `space` of `local`, each call routed (to this worker or the owner). */
const routed = <S extends keyof typeof local & string>(space: S) =>
  calls.routed(space, (path, args) => tab.route(path, withCallIds(path, args)));

/**
 * The worker's whole API, exposed to the UI through Comlink. The UI's type for it is derived from
 * this object (`WorkerApi`), so a change here is a compile error there, not a runtime surprise.
 * Every method validates its arguments and throws AppError with a code (see shared/coded-errors).
 *
 * Any number of tabs can be open: the tab whose worker owns the database runs each call itself,
 * every other tab's worker sends it to the owner (owner-link.ts) and returns the owner's result or
 * coded error, so the UI never needs to know which tab owns. Answers are written by the owner's
 * agent and reach every tab through `onChange`. What each call does is said on its handler
 * (`<feature>/handlers.ts`), and shows when hovering it in the UI.
 *
 * The namespaces are wrapped in `proxy()` only for their type: Comlink then types
 * `api.sessions.list()` as the remote call it is at run time (a call by path, nothing transferred).
 */
export const api = {
  /**
   * Opens the database, or joins the tab that has it open; safe to call again (it returns the
   * same result). Rejects with MigrationFailed, SchemaTooNew, Corrupt, Busy, ...
   */
  start: (hooks?: TestHooks): Promise<DatabaseInfo> => tab.start(hooks),

  /**
   * Resolves once this worker holds its life lock (`lifeLockName(name)`): the tab then waits on the
   * same lock, which the browser grants it the moment this worker dies, however it dies.
   */
  alive: (name: string): Promise<void> => tab.alive(name),

  /** Where the database lives (OPFS or memory), its schema and SQLite versions, what this start migrated. */
  info: (): Promise<DatabaseInfo> => tab.route('info', []) as Promise<DatabaseInfo>,

  /**
   * Resolves once the database has passed its integrity check, which the start does not wait for
   * (it reads the whole file): ask once the first screen is drawn. Rejects with Corrupt when the
   * file is damaged; every call is then refused, nothing is written, and `recovery` offers the choices.
   */
  integrity: (): Promise<void> => tab.route('integrity', []) as Promise<void>,

  /** Calls `listener` (wrap it in Comlink.proxy) after every write, whoever made it, in any tab. */
  onChange(listener: ChangeListener): void {
    if (typeof listener !== 'function') throw invalidInput('The change listener must be a function (a Comlink proxy).');
    changes.subscribe(listener);
  },

  sessions: proxy(routed('sessions')),
  messages: proxy(routed('messages')),
  assistants: proxy(routed('assistants')),
  content: proxy({ ...routed('content'), ...uploadHandlers(tab, parser) }),
  agent: proxy(routed('agent')),
  providers: proxy(routed('providers')),
  search: proxy(routed('search')),
  mcp: proxy(routed('mcp')),
  data: proxy(routed('data')),

  /** What a reload of this tab would interrupt: an answer being written, an upload running here. */
  activity: (): { answering: boolean; uploading: boolean } => ({
    answering: tab.openServices?.agent.busy ?? false,
    uploading: parser.busy,
  }),

  testing: proxy(testingHandlers()),
  settings: proxy(routed('settings')),
  recovery: proxy(recoveryHandlers()),
  diagnostics: proxy({ ...routed('diagnostics'), ...tabDiagnosticsHandlers(tab) }),
};

export type WorkerApi = typeof api;

/** Every method of the exposed API by path, the routed calls and this worker's own ('start', 'content.upload', ...). */
export type ExposedPath = CallPaths<WorkerApi>;

/** For `diagnostics.methods`: the API as exposed, whose methods the bad-calls suite must all call. */
function exposedApi(): object {
  return api;
}
