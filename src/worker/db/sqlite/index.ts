import { CachedContentStore } from '../cached-content-store';
import type { Repositories } from '../repositories';
import { SqliteAssistantRepository } from './assistant-repository';
import { SqliteContentStoreRepository } from './content-store-repository';
import { SqliteMessageRepository } from './message-repository';
import { SqliteSessionRepository } from './session-repository';
import { SqliteSettingsRepository } from './settings-repository';
import type { SqlClient } from './sql-client';

/**
 * The repositories over one migrated connection. `now` is injectable so tests control time, and
 * `pageAnchorSpacing` so they can page across many anchors with few messages (page-anchors.ts).
 */
export function createSqliteRepositories(
  sql: SqlClient,
  now: () => number = Date.now,
  options: { pageAnchorSpacing?: number } = {},
): Repositories {
  const messages = new SqliteMessageRepository(sql, now, options.pageAnchorSpacing);
  const stored = new SqliteContentStoreRepository(sql, now);
  const contentStore = new CachedContentStore(
    stored,
    () => sql.inTransaction,
    (contentId) => stored.touch(contentId),
  );
  return {
    messages,
    contentStore,
    sessions: new SqliteSessionRepository(sql, messages, contentStore),
    assistants: new SqliteAssistantRepository(sql),
    settings: new SqliteSettingsRepository(sql, now),
    transaction: (work) => sql.transaction(work),
  };
}
