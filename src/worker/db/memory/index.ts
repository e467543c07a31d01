import type { Repositories } from '../repositories';
import { MemoryAssistantRepository } from './assistant-repository';
import { MemoryContentStoreRepository } from './content-store-repository';
import { MemoryDatabase } from './memory-database';
import { MemoryMessageRepository } from './message-repository';
import { MemorySessionRepository } from './session-repository';
import { MemorySettingsRepository } from './settings-repository';

/** The in-memory twins: the model the SQLite repositories are checked against. */
export function createMemoryRepositories(now: () => number = Date.now): Repositories {
  const db = new MemoryDatabase(now);
  const messages = new MemoryMessageRepository(db);
  const contentStore = new MemoryContentStoreRepository(db);
  return {
    messages,
    contentStore,
    sessions: new MemorySessionRepository(db, messages, contentStore),
    assistants: new MemoryAssistantRepository(db),
    settings: new MemorySettingsRepository(db),
    transaction: (work) => db.transaction(work),
  };
}
