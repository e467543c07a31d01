import { proxy, transfer } from 'comlink';
import { AppError, invalidInput } from '../shared/errors';
import { MIGRATIONS } from './db/migrations';
import { schemaVersion } from './db/migrate';
import type { Repositories } from './db/repositories';
import { createSqliteRepositories } from './db/sqlite';
import type { SqlClient } from './db/sqlite/sql-client';
import type { AssistantPatch } from './db/repositories';
import type {
  Assistant,
  Attachment,
  Chunk,
  ContentItem,
  ContentSummary,
  LineRange,
  Message,
  MessageSlice,
  Session,
} from '../shared/entities';
import { requireId, requireObject } from '../shared/validate';
import { ChangeFeed, type ChangeListener } from './change-feed';
import { damagedDatabase, hasOpfs, loadSqlite, openDatabase, type OpenedDatabase, type Persistence } from './tab/open-database';
import { OwnerLink } from './tab/owner-link';
import { claimLock, holdLock, OWNER_LOCK } from './tab/web-lock';
import { lifeLockName } from '../shared/life-lock';
import { withCallIds } from '../shared/call-policy';
import { AgentService } from './agent/agent-service';
import { OfflineAssistant } from './agent/offline-assistant';
import { ProviderTurn } from './agent/provider-turn';
import { ToolRunner } from './agent/tool-runner';
import type { ModelTurn } from './agent/model-turn';
import { ProviderSettings, type ProviderInput, type ProviderView } from './agent/providers/provider-settings';
import { parseToolArguments } from './agent/tools';
import { McpConnection, type McpServerConfig } from './agent/mcp/mcp-client';
import { mcpServersOf } from '../shared/mcp-settings';
import { AssistantService, type AssistantInput } from './assistants/assistant-service';
import { ChatService, type HistoryWindow } from './messages/chat-service';
import { ContentService } from './content/content-service';
import {
  asCancelled,
  UploadParser,
  type ParsedUpload,
  type UploadInput,
  type UploadProgressListener,
} from './content/upload-parser';
import { SettingsService, type AppSettings } from './settings/settings-service';
import { ExportService } from './data/export-service';
import { SessionService, type CreateSessionInput } from './sessions/session-service';
import { NoWorkspaceFolders, OpfsWorkspaceFolders } from './sessions/workspace-folders';
import { IndexingSchedule } from './search/indexing-schedule';
import { SearchService, type ChunkHit, type IndexStatus, type SearchQuery, type SearchResults } from './search/search-service';
import { SearchSource } from './search/search-source';
import { setStorageFull, testHooksEnabled, withTestMigrations, type TestHooks } from './tab/test-hooks';
import { DataService, type BackupFile, type ExportFile, type ImportSummary } from './data/data-service';
import type { BackupSummary } from './data/backup/backup';
import type { Migration } from './db/migrate';

/** This tab's part: it owns the database, forwards its calls to the tab that does, or runs alone in memory. */
export type TabRole = 'owner' | 'follower' | 'memory' | 'starting';

export interface DatabaseInfo {
  persistence: Persistence;
  schemaVersion: number;
  sqliteVersion: string;
  /** Migrations applied by this start (empty when the database was current). */
  migrated: string[];
  /** Milliseconds from the worker's start to the database open, migrated and answering. */
  startupMs: number;
}

interface Open {
  sql: SqlClient;
  repos: Repositories;
  info: DatabaseInfo;
  sessions: SessionService;
  chat: ChatService;
  assistants: AssistantService;
  content: ContentService;
  settings: SettingsService;
  agent: AgentService;
  providers: ProviderSettings;
  search: SearchService;
  /** The indexing pass's timer: stopped when the services are built again (after a restore). */
  indexing: IndexingSchedule;
  exports: ExportService;
  data: DataService;
}

/** Where pdf.js finds its character maps: served by the app itself (see build/pdfjs-cmaps.ts). */
const CMAP_URL = new URL(`${import.meta.env.BASE_URL}pdfjs/cmaps/`, self.location.origin).href;

/** Every tab's worker, this one included, is on this channel; see owner-link.ts. */
const CHANNEL = 'libragent:database';

/** This tab's views listen here; in the owner the services write here and it is also broadcast. */
const changes = new ChangeFeed();
const tabId = crypto.randomUUID();
/** Parses the uploads of this tab while another tab owns the database. */
const parser = new UploadParser(CMAP_URL);
let opening: Promise<DatabaseInfo> | undefined;
let ownerOpening: Promise<DatabaseInfo> | undefined;
let open: Open | undefined;
let link: OwnerLink | undefined;
let claim: Promise<boolean> | undefined;
let hooksInUse: TestHooks = {};
let role: TabRole = 'starting';
let lifeLock: Promise<void> | undefined;
/** When this worker was granted the database and when it had it open (epoch ms), for the hand-over's timing. */
const ownership = { grantedAt: 0, openedAt: 0, poolAttempts: 0, openMs: 0 };

function ready(): Open {
  if (!open) throw new AppError('Busy', 'The database is still opening. Try again in a moment.');
  return open;
}

/**
 * Opens the database in this worker: only once this tab owns it (or when it runs in memory). This
 * is the owner's start path, where the services are made; background work that must run once for
 * all tabs (the indexing worker) starts here, and nowhere else.
 */
async function openOwned(hooks: TestHooks): Promise<DatabaseInfo> {
  const began = Date.now();
  const migrations = withTestMigrations(MIGRATIONS, hooks);
  const opened = await openDatabase({
    migrations,
    pretendNoOpfs: hooks.pretendNoOpfs,
    damageDatabase: hooks.damageDatabase,
  });
  ownership.poolAttempts = opened.poolAttempts;
  ownership.openMs = Date.now() - began;
  const info: DatabaseInfo = {
    persistence: opened.persistence,
    schemaVersion: schemaVersion(opened.sql),
    sqliteVersion: opened.sqliteVersion,
    migrated: opened.migration.applied,
    startupMs: 0,
  };
  open = buildServices(opened, info, migrations, hooks);
  open.repos.sessions.list({ limit: 1 });
  info.startupMs = Math.round(performance.now());
  return info;
}

/**
 * Every service over one open database; built again after a restore, so no cache (the content
 * cache, the search indexes) keeps the replaced data.
 */
function buildServices(opened: OpenedDatabase, info: DatabaseInfo, migrations: Migration[], hooks: TestHooks): Open {
  // After a restore: the old indexing stops, and the old indexes (of the replaced data) go.
  open?.indexing.stop();
  open?.search.close();
  const repos = createSqliteRepositories(opened.sql);
  const folders = opened.persistence === 'opfs' ? new OpfsWorkspaceFolders() : new NoWorkspaceFolders();
  const settings = new SettingsService(repos, changes);
  const content = new ContentService(repos, settings, changes, CMAP_URL);
  const offline = new OfflineAssistant(hooks.slowAssistant ? { wordsPerTick: 1, tickMs: 100 } : undefined);
  const providers = new ProviderSettings(repos, changes);
  // An assistant with a provider and a model asks it; any other answers offline from the documents.
  const turnFor = (assistant: Assistant): ModelTurn => {
    const { providerId, model, temperature, maxTokens, thinkingBudget } = assistant.modelSettings;
    const provider = typeof providerId === 'string' ? providers.get(providerId) : undefined;
    if (!provider || typeof model !== 'string' || model === '') return offline;
    const connection = { baseUrl: provider.baseUrl, apiKey: provider.apiKey || undefined };
    const { historyMessages, historyTokens } = settings.get().agent;
    const limits = { maxMessages: historyMessages, maxTokens: historyTokens };
    const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
    return new ProviderTurn(provider.kind, connection, model, limits, {
      temperature: number(temperature),
      maxTokens: number(maxTokens),
      thinkingBudget: number(thinkingBudget),
    });
  };
  const search = new SearchService(repos, new SearchSource(opened.sql), folders, changes);
  const tools = new ToolRunner(content, search, parseToolArguments);
  const agent = new AgentService(repos, changes, tools, turnFor, () => settings.get().agent.maxSteps);
  agent.markInterrupted();
  // Owner-only background work: the indexing pass runs in the tab that owns the database.
  const indexing = new IndexingSchedule(search, () => settings.get().search.indexIntervalSeconds * 1000);
  indexing.start();
  const data = new DataService(
    opened.sqlite3,
    opened.sql,
    migrations,
    changes,
    () => agent.busy || content.busy,
    () => {
      open = buildServices(opened, info, migrations, hooks);
    },
  );
  const services: Open = {
    sql: opened.sql,
    repos,
    info,
    sessions: new SessionService(repos, folders, changes),
    chat: new ChatService(repos, changes),
    assistants: new AssistantService(repos, changes),
    content,
    settings,
    agent,
    providers,
    search,
    indexing,
    exports: new ExportService(repos, content),
    data,
  };
  // Folders of sessions deleted while a tab died between the two steps of a deletion.
  services.sessions.sweepOrphanFolders().catch((error: unknown) => console.warn('Could not tidy session folders:', error));
  return services;
}

/**
 * Starts this tab: without OPFS (or Web Locks, or BroadcastChannel) alone in memory; otherwise it
 * claims the database. The first tab owns it; any other forwards its calls to the owner at once and
 * waits in line for the lock, taking over (reopening the database) when the owner's tab goes.
 */
async function begin(hooks: TestHooks): Promise<DatabaseInfo> {
  hooksInUse = hooks;
  const alone =
    hooks.pretendNoOpfs || !hasOpfs() || typeof BroadcastChannel === 'undefined' || typeof navigator.locks === 'undefined';
  if (alone) {
    const info = await openOwned(hooks);
    role = info.persistence === 'memory' ? 'memory' : 'owner';
    return info;
  }
  const shared = joinTabs();
  claim ??= hooks.followerOnly ? Promise.resolve(false) : claimLock(OWNER_LOCK, () => void takeOver().catch(() => undefined));
  if (await claim) return takeOver();
  if (!shared.isOwner) role = 'follower';
  // Ready to take over: compiled now, while nothing waits on it.
  loadSqlite().catch((error: unknown) => console.warn('Could not load SQLite ahead of a take-over:', error));
  return (await shared.call('info', [])) as DatabaseInfo;
}

function joinTabs(): OwnerLink {
  if (link) return link;
  const joined = new OwnerLink(new BroadcastChannel(CHANNEL), tabId, {
    execute: async (path, args) => {
      await takeOver();
      return runLocally(path, args);
    },
    onChange: (event) => changes.emit(event),
    // Writes of the old owner's last moment may not have been announced: every view reads again.
    onOwnerChanged: () => changes.emit({ kind: 'all' }),
  });
  changes.subscribe((event) => joined.broadcastChange(event));
  link = joined;
  return joined;
}

/** This tab owns the database now: it says so at once (calls wait for the open), then opens it. */
function takeOver(): Promise<DatabaseInfo> {
  const shared = joinTabs();
  const wasFollower = role === 'follower';
  if (!shared.isOwner) {
    role = 'owner';
    ownership.grantedAt = Date.now();
    shared.becomeOwner();
  }
  ownerOpening ??= openOwned(hooksInUse).then(
    (info) => {
      ownership.openedAt = Date.now();
      // The old owner's last change events may have been lost with its tab: this tab's views
      // (the other tabs heard of the new owner already) read everything again.
      if (wasFollower) changes.emit({ kind: 'all' });
      return info;
    },
    (error: unknown) => {
      ownerOpening = undefined; // The next call tries again: the old owner's handles may be free by then.
      throw error;
    },
  );
  return ownerOpening;
}

/** A call of this tab's UI: run here if this tab owns the database, else sent to the owner. */
async function route(path: string, args: unknown[]): Promise<unknown> {
  if (!link) {
    if (!opening) throw new AppError('Busy', 'The database is still opening. Try again in a moment.');
    return runLocally(path, args);
  }
  if (link.isOwner) {
    await takeOver();
    return runLocally(path, args);
  }
  return link.call(path, args);
}

function runLocally(path: string, args: unknown[]): unknown {
  const [space, name] = path.split('.');
  const target = name === undefined ? local[space as 'info'] : (local as Record<string, unknown>)[space]?.[name as never];
  if (typeof target !== 'function') throw new AppError('InvalidInput', `There is no database call named ${path}.`);
  return (target as (...values: unknown[]) => unknown)(...args);
}

type Routed<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};

/** The namespace `space` of `local`, each call routed (to this worker or the owner). */
function routed<S extends keyof typeof local>(space: S): Routed<(typeof local)[S]> {
  const calls = {} as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const name of Object.keys(local[space])) {
    const path = `${space}.${name}`;
    calls[name] = (...args: unknown[]) => route(path, withCallIds(path, args));
  }
  return calls as Routed<(typeof local)[S]>;
}

/**
 * What the database does, run in the worker that owns it: calls from this tab's UI and calls
 * forwarded from the other tabs arrive here by path ('sessions.create'). Plain data in and out.
 */
const local = {
  info: (): DatabaseInfo => ready().info,

  sessions: {
    list: (nameContains?: string): Session[] => ready().sessions.list(nameContains),
    get: (sessionId: string): Session => ready().sessions.get(sessionId),
    create: (input?: CreateSessionInput): Promise<Session> => ready().sessions.create(input),
    rename: (sessionId: string, name: string): Session => ready().sessions.rename(sessionId, name),
    /** The session's workspace as one ZIP: `transcript.md` and `documents/` (the text of each item). */
    exportWorkspace: (sessionId: string): { filename: string; bytes: Uint8Array } => {
      const exported = ready().exports.workspace(sessionId);
      return transfer(exported, [exported.bytes.buffer as ArrayBuffer]);
    },
    delete: async (sessionId: string): Promise<void> => {
      ready().agent.stop(sessionId);
      await ready().sessions.delete(sessionId, () => ready().search.forget(sessionId));
    },
  },

  messages: {
    history: (sessionId: string, beforeId?: string | null, limit?: number): MessageSlice =>
      ready().chat.history(sessionId, beforeId ?? null, limit),
    historyAfter: (sessionId: string, afterId?: string | null, limit?: number): MessageSlice =>
      ready().chat.historyAfter(sessionId, afterId ?? null, limit),
    around: (sessionId: string, messageId: string, limit?: number): HistoryWindow =>
      ready().chat.around(sessionId, messageId, limit),
    send: (sessionId: string, text: string, attachments?: Attachment[], messageId?: string): Message =>
      ready().chat.sendUserMessage(sessionId, text, attachments, messageId),
    edit: (messageId: string, text: string): Message => ready().chat.editUserMessage(messageId, text),
    delete: (messageId: string): void => ready().chat.deleteMessage(messageId),
    insertMany: (messages: Message[]): number => ready().chat.insertMany(messages),
  },

  assistants: {
    list: (): Assistant[] => ready().assistants.list(),
    create: (input: AssistantInput): Assistant => ready().assistants.create(input),
    update: (assistantId: string, patch: AssistantPatch): Assistant => ready().assistants.update(assistantId, patch),
    delete: (assistantId: string): void => ready().assistants.delete(assistantId),
  },

  content: {
    store: (sessionId: string, parsed: ParsedUpload): ContentSummary => ready().content.store(sessionId, parsed),
    addText: (sessionId: string, filename: string, text: string): ContentSummary =>
      ready().content.addText(sessionId, filename, text),
    list: (sessionId: string, offset?: number, limit?: number): ContentSummary[] =>
      ready().content.list(sessionId, offset, limit),
    get: (sessionId: string, contentId: string): ContentItem => ready().content.get(sessionId, contentId),
    readLines: (sessionId: string, contentId: string, fromLine: number, toLine: number): LineRange =>
      ready().content.readLines(sessionId, contentId, fromLine, toLine),
    chunks: (sessionId: string, contentId: string): Chunk[] => ready().content.chunks(sessionId, contentId),
    search: (sessionId: string, query: string, topN?: number): Promise<ChunkHit[]> =>
      ready().search.searchDocuments(sessionId, query, topN),
    delete: (sessionId: string, contentId: string): void => ready().content.delete(sessionId, contentId),
  },

  agent: {
    respond: (sessionId: string): Promise<void> => ready().agent.respond(sessionId),
    stop: (sessionId: string): boolean => {
      ready().sessions.get(sessionId);
      return ready().agent.stop(sessionId);
    },
    retry: (messageId: string): Promise<void> => ready().agent.retry(messageId),
    resume: (sessionId: string): Promise<void> => ready().agent.resume(sessionId),
  },

  providers: {
    list: (): ProviderView[] => ready().providers.list(),
    save: (input: ProviderInput): ProviderView => ready().providers.save(input),
    delete: (providerId: string): void => ready().providers.delete(providerId),
    models: (providerId: string): Promise<string[]> => ready().providers.models(providerId),
  },

  search: {
    query: (query: SearchQuery): Promise<SearchResults> => ready().search.query(query),
    status: (): IndexStatus[] => ready().search.status(),
    rebuild: (sessionId?: string): Promise<IndexStatus[]> => ready().search.rebuild(sessionId),
  },

  mcp: {
    test: async (server: McpServerConfig): Promise<{ name: string; description: string }[]> => {
      const [config] = mcpServersOf({ mcpServers: [server as never] });
      if (!config || !/^https?:\/\//i.test(config.url)) {
        throw invalidInput('Enter the MCP server’s address, starting with http:// or https://.');
      }
      const connection = await McpConnection.open(config);
      try {
        return (await connection.listTools()).map(({ name, description }) => ({ name, description }));
      } finally {
        await connection.close();
      }
    },
  },

  data: {
    backup: (): BackupFile => {
      const file = ready().data.backup();
      return transfer(file, [file.bytes.buffer]);
    },
    inspectBackup: (bytes: Uint8Array): BackupSummary & { token: string } => ready().data.inspectBackup(bytes),
    restore: (token: string): BackupSummary => ready().data.restore(token),
    cancelRestore: (): void => ready().data.discardPending(),
    exportSession: (sessionId: string, format: 'markdown' | 'json'): ExportFile => ready().data.exportSession(sessionId, format),
    exportAll: (): ExportFile => ready().data.exportAll(),
    import: (text: string): ImportSummary => ready().data.importText(text),
  },

  settings: {
    get: (): AppSettings => ready().settings.get(),
    update: (patch: Partial<AppSettings>): AppSettings => ready().settings.update(patch),
  },

  diagnostics: {
    sessionFootprint(sessionId: string) {
      requireId(sessionId, 'Session id');
      const { sql } = ready();
      const count = (query: string) => Number(sql.value(query, [sessionId]));
      return {
        sessions: count('SELECT COUNT(1) FROM sessions WHERE id = ?'),
        messages: count('SELECT COUNT(1) FROM messages WHERE session_id = ?'),
        indexMeta: count('SELECT COUNT(1) FROM message_index_meta WHERE session_id = ?'),
        stores: count('SELECT COUNT(1) FROM stores WHERE session_id = ?'),
        contents: count('SELECT COUNT(1) FROM contents WHERE session_id = ?'),
        chunks: count('SELECT COUNT(1) FROM chunks WHERE content_id IN (SELECT id FROM contents WHERE session_id = ?)'),
      };
    },
    /** Rows of each table that users fill: the multi-tab tests check exact totals here. */
    totals() {
      const { sql } = ready();
      const count = (table: string) => Number(sql.value(`SELECT COUNT(1) FROM ${table}`));
      return { sessions: count('sessions'), messages: count('messages'), contents: count('contents'), chunks: count('chunks') };
    },
    workspaceFolderExists: (sessionId: string): Promise<boolean> => {
      requireId(sessionId, 'Session id');
      return ready().sessions.workspaceFolderExists(sessionId);
    },
    tables: (): string[] =>
      ready()
        .sql.all("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .map((row) => String(row.name)),
    /** `PRAGMA integrity_check`: ['ok'] for a sound database. */
    integrityCheck: (): string[] =>
      ready()
        .sql.all('PRAGMA integrity_check')
        .map((row) => String(Object.values(row)[0])),
    /** Rows and a hash of their contents per table: equal digests mean nothing was changed. */
    digest: (): Record<string, { rows: number; hash: string }> => tableDigest(ready().sql),
    /** The dotted names of every method of this API, so a test can prove it called them all. */
    methods: (): string[] => methodNames(api),
  },
};

/** Parses here, in the tab that has the file; only the parsed text and chunks go to the owner. */
async function uploadToOwner(
  shared: OwnerLink,
  sessionId: string,
  input: UploadInput,
  uploadId: string,
  onProgress?: UploadProgressListener,
): Promise<ContentSummary> {
  await shared.call('sessions.get', [sessionId]);
  const settings = (await shared.call('settings.get', [])) as AppSettings;
  const parsed = await parser.parse(input, uploadId, settings, onProgress);
  onProgress?.('saving');
  try {
    return (await shared.call('content.store', [sessionId, parsed])) as ContentSummary;
  } catch (error) {
    throw asCancelled(error, input?.name);
  }
}

/**
 * The worker's whole API, exposed to the UI through Comlink. The UI's type for it is derived from
 * this object (`WorkerApi`), so a change here is a compile error there, not a runtime surprise.
 * Every method validates its arguments and throws AppError with a code (see lib/rpc/coded-errors).
 *
 * Any number of tabs can be open: the tab whose worker owns the database runs each call itself,
 * every other tab's worker sends it to the owner (owner-link.ts) and returns the owner's result or
 * coded error, so the UI never needs to know which tab owns. Answers are written by the owner's
 * agent and reach every tab through `onChange`.
 *
 * The namespaces are wrapped in `proxy()` only for their type: Comlink then types
 * `api.sessions.list()` as the remote call it is at run time (a call by path, nothing transferred).
 */
export const api = {
  /**
   * Opens the database, or joins the tab that has it open; safe to call again (it returns the
   * same result). Rejects with MigrationFailed, SchemaTooNew, Corrupt, Busy, ...
   */
  start(hooks?: TestHooks): Promise<DatabaseInfo> {
    if (hooks !== undefined) {
      try {
        requireObject(hooks, 'Test hooks');
      } catch (error) {
        return Promise.reject(error);
      }
    }
    opening ??= begin(testHooksEnabled ? (hooks ?? {}) : {}).catch((error: unknown) => {
      opening = undefined;
      throw error;
    });
    return opening;
  },

  /**
   * Resolves once this worker holds its life lock (`lifeLockName(name)`): the tab then waits on the
   * same lock, which the browser grants it the moment this worker dies, however it dies.
   */
  alive(name: string): Promise<void> {
    try {
      requireId(name, 'Life lock name');
    } catch (error) {
      return Promise.reject(error);
    }
    lifeLock ??= holdLock(lifeLockName(name));
    return lifeLock;
  },

  info: (): Promise<DatabaseInfo> => route('info', []) as Promise<DatabaseInfo>,

  /** Calls `listener` (wrap it in Comlink.proxy) after every write, whoever made it, in any tab. */
  onChange(listener: ChangeListener): void {
    if (typeof listener !== 'function') throw invalidInput('The change listener must be a function (a Comlink proxy).');
    changes.subscribe(listener);
  },

  /**
   * Sessions. `list`: most recent activity first, `nameContains` filters case-insensitively.
   * `delete` removes the session with its messages, content store and index metadata (one
   * transaction), then its workspace folder.
   */
  sessions: proxy(routed('sessions')),

  /**
   * Messages. `history`: up to `limit` before `beforeId` (or the newest), oldest first;
   * `historyAfter` the same after `afterId`; `around` a message with its neighbours ("jump to");
   * `send` stores a user message (attachments must be items of the session's store); `edit`
   * replaces a user message's text; `insertMany` upserts all in one transaction, or none.
   */
  messages: proxy(routed('messages')),

  /** Assistants, the default first; `delete` is refused with `InUse` while a session uses one. */
  assistants: proxy(routed('assistants')),

  content: proxy({
    ...routed('content'),
    /**
     * Parses and stores a file (PDF, spreadsheet, text) in the session's content store. Pass the
     * bytes with Comlink.transfer. `onProgress` (a Comlink.proxy) hears each stage; `cancelUpload`
     * with the same `uploadId` stops it and nothing is saved (the call rejects with `Cancelled`).
     * The file is parsed in this tab's worker whichever tab owns the database.
     */
    upload: async (
      sessionId: string,
      input: UploadInput,
      uploadId: string,
      onProgress?: UploadProgressListener,
    ): Promise<ContentSummary> => {
      if (link && !link.isOwner) return uploadToOwner(link, sessionId, input, uploadId, onProgress);
      if (link) await takeOver();
      return ready().content.upload(sessionId, input, uploadId, onProgress);
    },
    cancelUpload: (uploadId: string): void => {
      parser.cancel(uploadId);
      open?.content.cancel(uploadId);
    },
  }),

  /**
   * The agent, in the tab that owns the database. `respond` has the session's assistant answer
   * its latest message: the answer is persisted while it streams (watch it through `onChange`) and
   * the call resolves when it is complete, stopped, failed, or cut off by its tab closing (then
   * the next owner marks it interrupted). `stop` keeps what was written; `retry` replaces a failed
   * or interrupted latest answer; `resume` answers the latest message only if it is an unanswered
   * question (what a call of `respond` becomes when the tab that was to answer it went away).
   */
  agent: proxy(routed('agent')),

  /** Providers with their keys masked; `models` asks the provider's /models endpoint. */
  providers: proxy(routed('providers')),

  /**
   * Messages and document chunks matching `query.text` (every word; the last as a prefix; small
   * typos forgiven), best first, in every session or one, filtered by role or documents and by
   * date. `status`: per session, items indexed, when, and the last rebuild's duration. `rebuild`:
   * one session's index, or every one, from the database.
   */
  search: proxy(routed('search')),

  /** `test` connects to an MCP server (saved or being edited) and lists its tools. */
  mcp: proxy(routed('mcp')),

  /**
   * Backup, restore, export and import, in the tab that owns the database. `backup`: the whole
   * database as a `.sqlite3` file without API keys. `inspectBackup` checks a file (header,
   * integrity, schema version, foreign keys; an older schema is migrated in the copy) without
   * touching the current data; `restore(token)` then replaces all data in one transaction, keeping
   * this device's API keys. `exportSession`: Markdown or JSON; `exportAll`: every session as one
   * JSON file; `import`: our JSON or ChatGPT's conversations.json, all sessions or none.
   */
  data: proxy(routed('data')),

  /** What a reload of this tab would interrupt: an answer being written, an upload running here. */
  activity: (): { answering: boolean; uploading: boolean } =>
    open
      ? { answering: open.agent.busy, uploading: open.content.busy || parser.busy }
      : { answering: false, uploading: parser.busy },

  /** Faults for the end-to-end tests, in this tab's worker; they refuse to work outside `--mode e2e` builds. */
  testing: proxy({
    setStorageFull: (full: boolean): void => {
      if (typeof full !== 'boolean') throw invalidInput('setStorageFull takes true or false.');
      setStorageFull(full);
    },
  }),

  /** `update` validates and saves the given parts; InvalidInput names the first bad value. */
  settings: proxy(routed('settings')),

  /**
   * What the startup screen offers when this tab's database failed its integrity check (start
   * rejected with `Corrupt`); answered by this worker, which holds the damaged file. Nothing is
   * changed until the user chooses.
   */
  recovery: proxy({
    /** Whether this worker holds a damaged database (a follower tab forwards to the one that does). */
    available: (): boolean => damagedDatabase() !== undefined,
    /** Every row that can still be read, as JSON text to download; provider API keys are left out. */
    exportReadable: (): string => requireDamaged().exportReadable(),
    /**
     * Moves the damaged file aside (kept as a backup file in this site's storage) so the next
     * start creates a new database. Only with `confirmed === true`: the user said so. Reload after.
     */
    startFresh: async (confirmed: boolean): Promise<{ backup: string }> => {
      if (confirmed !== true) throw invalidInput('Starting fresh needs the user’s explicit confirmation.');
      return { backup: await requireDamaged().moveAside() };
    },
  }),

  diagnostics: proxy({
    ...routed('diagnostics'),
    /** Whether this tab's worker owns the database right now. */
    role: (): TabRole => role,
    /** When this worker was granted the database and had it open (epoch ms; 0: not yet). */
    ownership: () => ({ ...ownership }),
  }),
};

export type WorkerApi = typeof api;

function requireDamaged() {
  const damaged = damagedDatabase();
  if (!damaged) throw new AppError('NotFound', 'There is no damaged database to recover: the database opened normally.');
  return damaged;
}

function methodNames(target: object, prefix = ''): string[] {
  return Object.entries(target).flatMap(([key, value]) => {
    if (typeof value === 'function') return [`${prefix}${key}`];
    if (typeof value === 'object' && value !== null) return methodNames(value, `${prefix}${key}.`);
    return [];
  });
}

function tableDigest(sql: SqlClient): Record<string, { rows: number; hash: string }> {
  const tables = sql.all("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").map((row) => String(row.name));
  const digest: Record<string, { rows: number; hash: string }> = {};
  for (const table of tables) {
    const quoted = `"${table.replaceAll('"', '""')}"`;
    let hash = 0x811c9dc5;
    let rows = 0;
    // The search indexer's bookkeeping changes in the background (its interval pass); what the
    // user's data says of the index is the change counter.
    const columns = table === 'message_index_meta' ? 'session_id, change_seq' : '*';
    for (const row of sql.all(`SELECT ${columns} FROM ${quoted} ORDER BY rowid`)) {
      rows++;
      const text = JSON.stringify(row, (_key, value: unknown) => (value instanceof Uint8Array ? [...value] : value));
      for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    }
    digest[table] = { rows, hash: (hash >>> 0).toString(16) };
  }
  return digest;
}
