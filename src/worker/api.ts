import { proxy, transfer } from 'comlink';
import { DbError, invalidInput } from '../lib/db/errors';
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
import { requireId, requireObject } from '../lib/db/validate';
import type { ChunkHit } from '../lib/search/chunk-index';
import { ChangeFeed, type ChangeListener } from './change-feed';
import { damagedDatabase, openDatabase, type Persistence } from './open-database';
import { AgentService } from './agent/agent-service';
import { OfflineAssistant } from './agent/offline-assistant';
import { ProviderTurn } from './agent/provider-turn';
import { ToolRunner } from './agent/tool-runner';
import type { ModelTurn } from './agent/model-turn';
import { ProviderSettings, type ProviderInput, type ProviderView } from './services/provider-settings';
import { parseToolArguments } from '../lib/agent/tools';
import { McpConnection, type McpServerConfig } from '../lib/agent/mcp-client';
import { mcpServersOf } from '../lib/agent/mcp-settings';
import { AssistantService, type AssistantInput } from './services/assistant-service';
import { ChatService, type HistoryWindow } from './services/chat-service';
import { ContentService, type UploadInput, type UploadProgressListener } from './services/content-service';
import { SettingsService, type AppSettings } from './services/settings-service';
import { ExportService } from './services/export-service';
import { SessionService, type CreateSessionInput } from './services/session-service';
import { NoWorkspaceFolders, OpfsWorkspaceFolders } from './workspace-folders';
import { IndexingSchedule } from './search/indexing-schedule';
import { SearchService, type IndexStatus, type SearchQuery, type SearchResults } from './search/search-service';
import { SearchSource } from './search/search-source';
import { testHooksEnabled, withTestMigrations, type TestHooks } from './test-hooks';

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
  search: SearchService;
  exports: ExportService;
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
  const opened = await openDatabase({
    migrations: withTestMigrations(MIGRATIONS, active),
    pretendNoOpfs: active.pretendNoOpfs,
    damageDatabase: active.damageDatabase,
    onWaitingForOtherTab: () => onStatus?.({ state: 'waiting-for-other-tab' }),
  });
  const repos = createSqliteRepositories(opened.sql);
  repos.sessions.list({ limit: 1 });
  const info: DatabaseInfo = {
    persistence: opened.persistence,
    schemaVersion: schemaVersion(opened.sql),
    sqliteVersion: opened.sqliteVersion,
    migrated: opened.migration.applied,
    startupMs: Math.round(performance.now()),
  };
  const folders = opened.persistence === 'opfs' ? new OpfsWorkspaceFolders() : new NoWorkspaceFolders();
  const settings = new SettingsService(repos, changes);
  const content = new ContentService(repos, settings, changes, CMAP_URL);
  const offline = new OfflineAssistant(active.slowAssistant ? { wordsPerTick: 1, tickMs: 100 } : undefined);
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
  const tools = new ToolRunner(content, parseToolArguments);
  const agent = new AgentService(repos, changes, tools, turnFor, () => settings.get().agent.maxSteps);
  agent.markInterrupted();
  const search = new SearchService(repos, new SearchSource(opened.sql), folders, changes);
  new IndexingSchedule(search, () => settings.get().search.indexIntervalSeconds * 1000).start();
  open = {
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
    exports: new ExportService(repos, content),
  };
  // Folders of sessions deleted while a tab died between the two steps of a deletion.
  open.sessions.sweepOrphanFolders().catch((error: unknown) => console.warn('Could not tidy session folders:', error));
  return info;
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
    if (onStatus !== undefined && typeof onStatus !== 'function') {
      return Promise.reject(invalidInput('onStatus must be a function (a Comlink proxy).'));
    }
    if (hooks !== undefined) {
      try {
        requireObject(hooks, 'Test hooks');
      } catch (error) {
        return Promise.reject(error);
      }
    }
    opening ??= start(onStatus, hooks).catch((error: unknown) => {
      opening = undefined;
      throw error;
    });
    return opening;
  },

  info: (): DatabaseInfo => ready().info,

  /** Calls `listener` (wrap it in Comlink.proxy) after every write, whoever made it. */
  onChange(listener: ChangeListener): void {
    if (typeof listener !== 'function') throw invalidInput('The change listener must be a function (a Comlink proxy).');
    changes.subscribe(listener);
  },

  sessions: proxy({
    /** Most recent activity first; `nameContains` filters case-insensitively. */
    list: (nameContains?: string): Session[] => ready().sessions.list(nameContains),
    get: (sessionId: string): Session => ready().sessions.get(sessionId),
    create: (input?: CreateSessionInput): Promise<Session> => ready().sessions.create(input),
    rename: (sessionId: string, name: string): Session => ready().sessions.rename(sessionId, name),
    /**
     * The session's workspace as one ZIP file: `transcript.md` (Markdown) and `documents/` (the
     * text of each content item). The bytes are transferred, not copied.
     */
    exportWorkspace: (sessionId: string): { filename: string; bytes: Uint8Array } => {
      const exported = ready().exports.workspace(sessionId);
      return transfer(exported, [exported.bytes.buffer as ArrayBuffer]);
    },
    /**
     * Removes the session with its messages, content store and index metadata (one transaction),
     * then its workspace folder.
     */
    delete: async (sessionId: string): Promise<void> => {
      ready().agent.stop(sessionId);
      await ready().sessions.delete(sessionId, () => {
        ready().content.forgetSession(sessionId);
        ready().search.forget(sessionId);
      });
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
    stop: (sessionId: string): boolean => {
      ready().sessions.get(sessionId);
      return ready().agent.stop(sessionId);
    },
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

  search: proxy({
    /**
     * Messages and document chunks matching `text` (every word; the last as a prefix; small typos
     * forgiven), best first, in every session or one, filtered by role or documents and by date.
     */
    query: (query: SearchQuery): Promise<SearchResults> => ready().search.query(query),
    /** Per session: documents indexed, when, and how long the last rebuild took. */
    status: (): IndexStatus[] => ready().search.status(),
    /** Rebuilds one session's index, or every one, from the database. */
    rebuild: (sessionId?: string): Promise<IndexStatus[]> => ready().search.rebuild(sessionId),
  }),

  mcp: proxy({
    /**
     * Connects to an MCP server (saved or still being edited) and lists its tools: the assistant
     * editor's "Test connection". Rejects with a message saying what went wrong and what to do.
     */
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
  }),

  settings: proxy({
    get: (): AppSettings => ready().settings.get(),
    /** Validates and saves the given parts; InvalidInput names the first bad value. */
    update: (patch: Partial<AppSettings>): AppSettings => ready().settings.update(patch),
  }),

  /**
   * What the startup screen offers when the database failed its integrity check (start rejected
   * with `Corrupt`). Nothing is changed until the user chooses.
   */
  recovery: proxy({
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
    workspaceFolderExists: (sessionId: string): Promise<boolean> =>
      ready().sessions.workspaceFolderExists(requireId(sessionId, 'Session id')),
    /** Names of the tables in the database; the migration tests look for leftovers here. */
    tables: (): string[] =>
      ready()
        .sql.all("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .map((row) => String(row.name)),
    /** `PRAGMA integrity_check`: ['ok'] for a sound database file. */
    integrityCheck: (): string[] =>
      ready()
        .sql.all('PRAGMA integrity_check')
        .map((row) => String(Object.values(row)[0])),
    /** Rows and a hash of their contents per table: equal digests mean nothing was changed. */
    digest: (): Record<string, { rows: number; hash: string }> => tableDigest(ready().sql),
    /** The dotted names of every method of this API, so a test can prove it called them all. */
    methods: (): string[] => methodNames(api),
  }),
};

export type WorkerApi = typeof api;

function requireDamaged() {
  const damaged = damagedDatabase();
  if (!damaged) throw new DbError('NotFound', 'There is no damaged database to recover: the database opened normally.');
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
