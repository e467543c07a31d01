import { createSqliteRepositories } from '../../src/worker/db/sqlite';
import { closeBenchDatabase, epochNow, openBenchDatabase } from './open-bench-db';

/**
 * A cold start, as the app's worker does it: load sqlite-wasm, install the OPFS pool, open,
 * integrity check and migrations, then the first query (src/worker/tab/database-tab.ts lists one session).
 * Posts the absolute time of each phase; the page subtracts the moment it created this worker.
 */
const started = epochNow();
const db = await openBenchDatabase({ wipe: false });
const repos = createSqliteRepositories(db.sql);
repos.sessions.list({ limit: 1 });
const firstQuery = epochNow();
postMessage({ started, ...db.marks, firstQuery });

// The page asks before it reloads, so the next cold start finds the pool free.
onmessage = () => {
  closeBenchDatabase(db);
  postMessage('closed');
};
