import { describe } from 'vitest';
import { contentStoreContract } from './contract/content-store-contract';
import type { RepositoryFactory } from './contract/fixtures';
import { messageContract } from './contract/message-contract';
import { sessionContract } from './contract/session-contract';
import { toolGrantContract } from './contract/tool-grant-contract';
import { createMemoryRepositories } from './memory';
import { createSqliteRepositories } from './sqlite';
import { openTestClient } from './test-support';

// One contract, two implementations: the SQLite repositories on the same sqlite-wasm engine the
// browser runs, and their in-memory twins.
const implementations: [string, RepositoryFactory][] = [
  ['sqlite-wasm', async (clock) => createSqliteRepositories(await openTestClient(), clock.now)],
  ['in-memory', async (clock) => createMemoryRepositories(clock.now)],
];

describe.each(implementations)('%s repositories', (_name, factory) => {
  describe('MessageRepository', () => messageContract(factory));
  describe('SessionRepository', () => sessionContract(factory));
  describe('ContentStoreRepository', () => contentStoreContract(factory));
  describe('AssistantRepository tool grants', () => toolGrantContract(factory));
});
