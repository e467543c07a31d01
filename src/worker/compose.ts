import type { TestHooks } from '../shared/test-hooks';
import { markInterruptedAnswers } from './agent/interrupted-answers';
import { LazyAgent } from './agent/lazy-agent';
import { ProviderSettings } from './agent/providers/provider-settings';
import { AssistantService } from './assistants/assistant-service';
import type { ChangeFeed } from './change-feed';
import { ContentService } from './content/content-service';
import { UploadParser } from './content/upload-parser';
import type { DataService } from './data/data-service';
import type { KeptCopyStore } from './data/kept-copy/kept-copy';
import type { Migration } from './db/migrate';
import type { Repositories } from './db/repositories';
import { createSqliteRepositories } from './db/sqlite';
import type { SqlClient } from './db/sqlite/sql-client';
import { lazyChunk } from './load-chunk';
import { ChatService } from './messages/chat-service';
import { IndexingSchedule } from './search/indexing-schedule';
import { SearchService } from './search/search-service';
import { SessionService } from './sessions/session-service';
import { NoWorkspaceFolders, OpfsWorkspaceFolders } from './sessions/workspace-folders';
import { SettingsService } from './settings/settings-service';
import type { OpenedDatabase, Persistence } from './tab/open-database';

export interface DatabaseInfo {
  persistence: Persistence;
  schemaVersion: number;
  sqliteVersion: string;
  /** Migrations applied by this start (empty when the database was current). */
  migrated: string[];
  /** Milliseconds from the worker's start to the database open, migrated and answering. */
  startupMs: number;
}

/** Every service over one open database (what the handlers call). */
export interface Services {
  sql: SqlClient;
  repos: Repositories;
  info: DatabaseInfo;
  sessions: SessionService;
  chat: ChatService;
  assistants: AssistantService;
  content: ContentService;
  settings: SettingsService;
  agent: LazyAgent;
  providers: ProviderSettings;
  search: SearchService;
  /** The indexing pass's timer: stopped when the services are built again (after a restore). */
  indexing: IndexingSchedule;
  /** Backup, restore, export and import: loaded on first use (load-chunk.ts). */
  data: () => Promise<DataService>;
}

/** What the services are built over, the same for every build in this worker. */
export interface Composition {
  opened: OpenedDatabase;
  info: DatabaseInfo;
  migrations: Migration[];
  hooks: TestHooks;
  /** This tab's change feed: the services write to it, and the owner broadcasts it. */
  changes: ChangeFeed;
  /** The worker's one upload parser, shared with the uploads a follower tab sends to the owner. */
  parser: UploadParser;
  /** Takes the services built again after a restore, in place of the old ones. */
  rebuilt: (services: Services) => void;
  /** Where a restore keeps the data it replaces: the same store for every build, so the undo outlives a rebuild. */
  kept: KeptCopyStore;
}

/** Where pdf.js finds its character maps: served by the app itself (see build/pdfjs-cmaps.ts). */
const CMAP_URL = new URL(`${import.meta.env.BASE_URL}pdfjs/cmaps/`, self.location.origin).href;

/** The worker's upload parser: it parses in this tab whichever tab owns the database. */
export const createUploadParser = (): UploadParser => new UploadParser(CMAP_URL);

/**
 * Every service over one open database; built again after a restore, so no cache (the content
 * cache, the search indexes) keeps the replaced data. Owner-only background work (the indexing
 * pass) starts here, and nowhere else.
 */
export function buildServices(composition: Composition, previous?: Services): Services {
  const { opened, info, migrations, hooks, changes, parser } = composition;
  // After a restore: the old indexing stops, and the old indexes (of the replaced data) go.
  previous?.indexing.stop();
  previous?.search.close();
  const repos = createSqliteRepositories(opened.sql);
  const folders = opened.persistence === 'opfs' ? new OpfsWorkspaceFolders() : new NoWorkspaceFolders();
  const settings = new SettingsService(repos, changes);
  const content = new ContentService(repos, settings, changes, parser);
  const providers = new ProviderSettings(repos, changes);
  const search = new SearchService(opened.sql, repos, folders, changes);
  const agent = new LazyAgent(
    lazyChunk('assistant', async () => {
      const { createAgent } = await import('./agent/create-agent');
      return createAgent({
        repos,
        changes,
        content,
        search,
        providers,
        settings,
        slowAssistantTickMs: hooks.slowAssistantTickMs,
      });
    }),
  );
  markInterruptedAnswers(repos, changes);
  const indexing = new IndexingSchedule(search, () => settings.get().search.indexIntervalSeconds * 1000);
  indexing.start();
  const data = lazyChunk('backup and export tools', async () => {
    const { DataService } = await import('./data/data-service');
    return new DataService({
      sqlite3: opened.sqlite3,
      sql: opened.sql,
      repos,
      content,
      migrations,
      changes,
      busy: () => agent.busy || content.busy,
      afterRestore: () => composition.rebuilt(buildServices(composition, services)),
      kept: composition.kept,
    });
  });
  const services: Services = {
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
    data,
  };
  // Folders of sessions deleted while a tab died between the two steps of a deletion.
  services.sessions.sweepOrphanFolders().catch((error: unknown) => console.warn('Could not tidy session folders:', error));
  return services;
}
