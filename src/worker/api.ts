import { proxy, transfer } from 'comlink';
import { DbError } from '../lib/db/errors';
import { MIGRATIONS } from '../lib/db/migrations';
import { schemaVersion } from '../lib/db/migrate';
import type { Repositories } from '../lib/db/repositories';
import { createSqliteRepositories } from '../lib/db/sqlite';
import type { SqlClient } from '../lib/db/sqlite/sql-client';
import type { AssistantPatch } from '../lib/db/repositories';
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
} from '../lib/db/types';
import { requireId } from '../lib/db/validate';
import type { ChunkHit } from '../lib/search/chunk-index';
import { ChangeFeed, type ChangeListener } from './change-feed';
import { openDatabase, type OpenedDatabase, type Persistence } from './open-database';
import { AgentService } from './agent/agent-service';
import { OfflineAssistant } from './agent/offline-assistant';
import { ProviderTurn } from './agent/provider-turn';
import { ToolRunner } from './agent/tool-runner';
import type { ModelTurn } from './agent/model-turn';
import { ProviderSettings, type ProviderInput, type ProviderView } from './services/provider-settings';
import { parseToolArguments } from '../lib/agent/tools';
import { AssistantService, type AssistantInput } from './services/assistant-service';
import { ChatService, type HistoryWindow } from './services/chat-service';
import { ContentService, type UploadInput, type UploadProgressListener } from './services/content-service';
import { SettingsService, type AppSettings } from './services/settings-service';
import { SessionService, type CreateSessionInput } from './services/session-service';
import { NoWorkspaceFolders, OpfsWorkspaceFolders } from './workspace-folders';
import { setStorageFull, testHooksEnabled, withTestMigrations, type TestHooks } from './test-hooks';
import { DataService, type BackupFile, type ExportFile, type ImportSummary } from './services/data-service';
import type { BackupSummary } from '../lib/backup/backup';
import type { Migration } from '../lib/db/migrate';

export type StartStatus = { state: 'waiting-for-other-tab' };

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
  data: DataService;
}

/** Where pdf.js finds its character maps: served by the app itself (see build/pdfjs-cmaps.ts). */
const CMAP_URL = new URL(`${import.meta.env.BASE_URL}pdfjs/cmaps/`, self.location.origin).href;

const changes = new ChangeFeed();
let opening: Promise<DatabaseInfo> | undefined;
let open: Open | undefined;

function ready(): Open {
  if (!open) throw new DbError('Busy', 'The database is still opening. Try again in a moment.');
  return open;
}

async function start(onStatus?: (status: StartStatus) => void, hooks: TestHooks = {}): Promise<DatabaseInfo> {
  const active = testHooksEnabled ? hooks : {};
  const migrations = withTestMigrations(MIGRATIONS, active);
  const opened = await openDatabase({
    migrations,
    pretendNoOpfs: active.pretendNoOpfs,
    onWaitingForOtherTab: () => onStatus?.({ state: 'waiting-for-other-tab' }),
  });
  const info: DatabaseInfo = {
    persistence: opened.persistence,
    schemaVersion: schemaVersion(opened.sql),
    sqliteVersion: opened.sqliteVersion,
    migrated: opened.migration.applied,
    startupMs: 0,
  };
  open = buildServices(opened, info, migrations, active);
  open.repos.sessions.list({ limit: 1 });
  info.startupMs = Math.round(performance.now());
  return info;
}

/** Every service over one open database; built again after a restore, so no cache keeps old data. */
function buildServices(opened: OpenedDatabase, info: DatabaseInfo, migrations: Migration[], active: TestHooks): Open {
  const repos = createSqliteRepositories(opened.sql);
  const folders = opened.persistence === 'opfs' ? new OpfsWorkspaceFolders() : new NoWorkspaceFolders();
  const settings = new SettingsService(repos, changes);
  const content = new ContentService(repos, settings, changes, CMAP_URL);
  const offline = new OfflineAssistant(active.slowAssistant ? { wordsPerTick: 1, tickMs: 100 } : undefined);
  const providers = new ProviderSettings(repos, changes);
  // An assistant with a provider and a model asks it; any other answers offline from the documents.
  const turnFor = (assistant: Assistant): ModelTurn => {
    const { providerId, model, temperature } = assistant.modelSettings;
    const provider = typeof providerId === 'string' ? providers.get(providerId) : undefined;
    if (!provider || typeof model !== 'string' || model === '') return offline;
    const connection = { baseUrl: provider.baseUrl, apiKey: provider.apiKey || undefined };
    const { historyMessages, historyTokens } = settings.get().agent;
    const limits = { maxMessages: historyMessages, maxTokens: historyTokens };
    return new ProviderTurn(connection, model, limits, typeof temperature === 'number' ? temperature : undefined);
  };
  const tools = new ToolRunner(content, parseToolArguments);
  const agent = new AgentService(repos, changes, tools, turnFor, () => settings.get().agent.maxSteps);
  agent.markInterrupted();
  const data = new DataService(
    opened.sqlite3,
    opened.sql,
    migrations,
    changes,
    () => agent.busy || content.busy,
    () => {
      open = buildServices(opened, info, migrations, active);
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
    data,
  };
  // Folders of sessions deleted while a tab died between the two steps of a deletion.
  services.sessions.sweepOrphanFolders().catch((error: unknown) => console.warn('Could not tidy session folders:', error));
  return services;
}

/**
 * The worker's whole API, exposed to the UI through Comlink. The UI's type for it is derived from
 * this object (`WorkerApi`), so a change here is a compile error there, not a runtime surprise.
 * Every method validates its arguments and throws DbError with a code (see lib/rpc/coded-errors).
 *
 * The namespaces are wrapped in `proxy()` only for their type: Comlink then types
 * `api.sessions.list()` as the remote call it is at run time (a call by path, nothing transferred).
 */
export const api = {
  /**
   * Opens the database; safe to call again (it returns the same result). `onStatus` hears about
   * waiting for another tab. Rejects with MigrationFailed, SchemaTooNew, Corrupt, Busy, ...
   */
  start(onStatus?: (status: StartStatus) => void, hooks?: TestHooks): Promise<DatabaseInfo> {
    opening ??= start(onStatus, hooks).catch((error: unknown) => {
      opening = undefined;
      throw error;
    });
    return opening;
  },

  info: (): DatabaseInfo => ready().info,

  /** What a reload of the page would interrupt: an answer being written, an upload running. */
  activity: (): { answering: boolean; uploading: boolean } =>
    open ? { answering: open.agent.busy, uploading: open.content.busy } : { answering: false, uploading: false },

  /** Calls `listener` (wrap it in Comlink.proxy) after every write, whoever made it. */
  onChange(listener: ChangeListener): void {
    changes.subscribe(listener);
  },

  sessions: proxy({
    /** Most recent activity first; `nameContains` filters case-insensitively. */
    list: (nameContains?: string): Session[] => ready().sessions.list(nameContains),
    get: (sessionId: string): Session => ready().sessions.get(sessionId),
    create: (input?: CreateSessionInput): Promise<Session> => ready().sessions.create(input),
    rename: (sessionId: string, name: string): Session => ready().sessions.rename(sessionId, name),
    /**
     * Removes the session with its messages, content store and index metadata (one transaction),
     * then its workspace folder.
     */
    delete: async (sessionId: string): Promise<void> => {
      ready().agent.stop(sessionId);
      await ready().sessions.delete(sessionId, () => ready().content.forgetSession(sessionId));
    },
  }),

  messages: proxy({
    /** Up to `limit` messages before `beforeId` (or the newest), oldest first. */
    history: (sessionId: string, beforeId?: string | null, limit?: number): MessageSlice =>
      ready().chat.history(sessionId, beforeId ?? null, limit),
    /** Up to `limit` messages after `afterId` (or the oldest), oldest first. */
    historyAfter: (sessionId: string, afterId?: string | null, limit?: number): MessageSlice =>
      ready().chat.historyAfter(sessionId, afterId ?? null, limit),
    /** A message with its neighbours on both sides: what "jump to message" shows. */
    around: (sessionId: string, messageId: string, limit?: number): HistoryWindow =>
      ready().chat.around(sessionId, messageId, limit),
    /** Stores a user message; `attachments` must be items of this session's content store. */
    send: (sessionId: string, text: string, attachments?: Attachment[]): Message =>
      ready().chat.sendUserMessage(sessionId, text, attachments),
    /** Replaces the text of a user message. */
    edit: (messageId: string, text: string): Message => ready().chat.editUserMessage(messageId, text),
    delete: (messageId: string): void => ready().chat.deleteMessage(messageId),
    /** The seed's insert_many: upserts every message in one transaction, or none of them. */
    insertMany: (messages: Message[]): number => ready().chat.insertMany(messages),
  }),

  assistants: proxy({
    /** The default assistant first. */
    list: (): Assistant[] => ready().assistants.list(),
    create: (input: AssistantInput): Assistant => ready().assistants.create(input),
    update: (assistantId: string, patch: AssistantPatch): Assistant => ready().assistants.update(assistantId, patch),
    /** Refused with `InUse` while a session uses it, and for the default assistant. */
    delete: (assistantId: string): void => ready().assistants.delete(assistantId),
  }),

  content: proxy({
    /**
     * Parses and stores a file (PDF, spreadsheet, text) in the session's content store. Pass the
     * bytes with Comlink.transfer. `onProgress` (a Comlink.proxy) hears each stage; `cancelUpload`
     * with the same `uploadId` stops it and nothing is saved (the call rejects with `Cancelled`).
     */
    upload: (
      sessionId: string,
      input: UploadInput,
      uploadId: string,
      onProgress?: UploadProgressListener,
    ): Promise<ContentSummary> => ready().content.upload(sessionId, input, uploadId, onProgress),
    cancelUpload: (uploadId: string): void => ready().content.cancel(uploadId),
    /** Stores text as a content item (the `add_content` tool's way in). */
    addText: (sessionId: string, filename: string, text: string): ContentSummary =>
      ready().content.addText(sessionId, filename, text),
    list: (sessionId: string, offset?: number, limit?: number): ContentSummary[] =>
      ready().content.list(sessionId, offset, limit),
    get: (sessionId: string, contentId: string): ContentItem => ready().content.get(sessionId, contentId),
    /** Lines fromLine..toLine, 1-based and inclusive. */
    readLines: (sessionId: string, contentId: string, fromLine: number, toLine: number): LineRange =>
      ready().content.readLines(sessionId, contentId, fromLine, toLine),
    chunks: (sessionId: string, contentId: string): Chunk[] => ready().content.chunks(sessionId, contentId),
    /** BM25 keyword search over the session's document chunks, best first. */
    search: (sessionId: string, query: string, topN?: number): ChunkHit[] => ready().content.search(sessionId, query, topN),
    delete: (sessionId: string, contentId: string): void => ready().content.delete(sessionId, contentId),
  }),

  agent: proxy({
    /**
     * Has the session's assistant answer its latest message: the answer is persisted while it
     * streams (watch it through `onChange`); resolves when it is complete, stopped or failed.
     */
    respond: (sessionId: string): Promise<void> => ready().agent.respond(sessionId),
    /** Stops the answer being written; what was written is kept. */
    stop: (sessionId: string): boolean => ready().agent.stop(sessionId),
    /** Replaces a failed or interrupted latest answer with a new one. */
    retry: (messageId: string): Promise<void> => ready().agent.retry(messageId),
  }),

  providers: proxy({
    /** Providers with their keys masked. */
    list: (): ProviderView[] => ready().providers.list(),
    save: (input: ProviderInput): ProviderView => ready().providers.save(input),
    delete: (providerId: string): void => ready().providers.delete(providerId),
    /** The provider's model ids, from its /models endpoint. */
    models: (providerId: string): Promise<string[]> => ready().providers.models(providerId),
  }),

  settings: proxy({
    get: (): AppSettings => ready().settings.get(),
    /** Validates and saves the given parts; InvalidInput names the first bad value. */
    update: (patch: Partial<AppSettings>): AppSettings => ready().settings.update(patch),
  }),

  data: proxy({
    /** The whole database as a `.sqlite3` file, without API keys. */
    backup: (): BackupFile => {
      const file = ready().data.backup();
      return transfer(file, [file.bytes.buffer]);
    },
    /**
     * Checks a backup (header, integrity, schema version, foreign keys; an older schema is migrated
     * in the copy) without touching the current data. Pass its `token` to `restore`.
     */
    inspectBackup: (bytes: Uint8Array): BackupSummary & { token: string } => ready().data.inspectBackup(bytes),
    /** Replaces all data with the inspected backup in one transaction; the current API keys stay. */
    restore: (token: string): BackupSummary => ready().data.restore(token),
    cancelRestore: (): void => ready().data.discardPending(),
    exportSession: (sessionId: string, format: 'markdown' | 'json'): ExportFile => ready().data.exportSession(sessionId, format),
    /** Every session as one JSON file (our format, which `import` reads back). */
    exportAll: (): ExportFile => ready().data.exportAll(),
    /** Imports our JSON export or ChatGPT's conversations.json, all sessions or none. */
    import: (text: string): ImportSummary => ready().data.importText(text),
  }),

  /** Faults for the end-to-end tests; they refuse to work outside `--mode e2e` builds. */
  testing: proxy({
    setStorageFull: (full: boolean): void => setStorageFull(full),
  }),

  diagnostics: proxy({
    /** Row counts of everything a session owns: deletion is checked against these. */
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
    workspaceFolderExists: (sessionId: string): Promise<boolean> => ready().sessions.workspaceFolderExists(sessionId),
    /** Names of the tables in the database; the migration tests look for leftovers here. */
    tables: (): string[] =>
      ready()
        .sql.all("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .map((row) => String(row.name)),
  }),
};

export type WorkerApi = typeof api;
