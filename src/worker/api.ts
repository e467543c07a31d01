import { proxy } from 'comlink';
import { DbError } from '../lib/db/errors';
import { MIGRATIONS } from '../lib/db/migrations';
import { schemaVersion } from '../lib/db/migrate';
import type { Repositories } from '../lib/db/repositories';
import { createSqliteRepositories } from '../lib/db/sqlite';
import type { SqlClient } from '../lib/db/sqlite/sql-client';
import type { Assistant, Message, MessageSlice, Session } from '../lib/db/types';
import { requireId } from '../lib/db/validate';
import { ChangeFeed, type ChangeListener } from './change-feed';
import { openDatabase, type Persistence } from './open-database';
import { ChatService } from './services/chat-service';
import { SessionService, type CreateSessionInput } from './services/session-service';
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
}

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
  open = {
    sql: opened.sql,
    repos,
    info,
    sessions: new SessionService(repos, changes),
    chat: new ChatService(repos, changes),
  };
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
    opening ??= start(onStatus, hooks).catch((error: unknown) => {
      opening = undefined;
      throw error;
    });
    return opening;
  },

  info: (): DatabaseInfo => ready().info,

  /** Calls `listener` (wrap it in Comlink.proxy) after every write, whoever made it. */
  onChange(listener: ChangeListener): void {
    changes.subscribe(listener);
  },

  sessions: proxy({
    /** Most recent activity first; `nameContains` filters case-insensitively. */
    list: (nameContains?: string): Session[] => ready().sessions.list(nameContains),
    get: (sessionId: string): Session => ready().sessions.get(sessionId),
    create: (input?: CreateSessionInput): Session => ready().sessions.create(input),
    rename: (sessionId: string, name: string): Session => ready().sessions.rename(sessionId, name),
    /** Removes the session with its messages, content store and index metadata, in one transaction. */
    delete: (sessionId: string): void => ready().sessions.delete(sessionId),
  }),

  messages: proxy({
    /** Up to `limit` messages before `beforeId` (or the newest), oldest first. */
    history: (sessionId: string, beforeId?: string | null, limit?: number): MessageSlice =>
      ready().chat.history(sessionId, beforeId ?? null, limit),
    send: (sessionId: string, text: string): Message => ready().chat.sendUserMessage(sessionId, text),
    /** The seed's insert_many: upserts every message in one transaction, or none of them. */
    insertMany: (messages: Message[]): number => ready().chat.insertMany(messages),
  }),

  assistants: proxy({
    list: (): Assistant[] => ready().repos.assistants.list(),
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
    /** Names of the tables in the database; the migration tests look for leftovers here. */
    tables: (): string[] =>
      ready()
        .sql.all("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .map((row) => String(row.name)),
  }),
};

export type WorkerApi = typeof api;
