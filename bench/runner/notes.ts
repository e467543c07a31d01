import type { BenchSizes } from '../shared/options';

/** How the numbers were made, for the report. Keep in step with the code it describes. */
export function methodNotes(sizes: BenchSizes): string[] {
  return [
    `Corpus: ${sizes.messages.toLocaleString('en-US')} messages in ${sizes.sessions} sessions, generated from seed ${sizes.seed} (bench/shared/corpus.ts): ~80 words on average, short user turns, long assistant answers with Markdown, ~7% with code blocks, ~5% Chinese or Japanese. Session 0 has ${sizes.bigSession.toLocaleString('en-US')} messages; it is paged through and deleted.`,
    "App side: the app's own SqlClient, prepareDatabase, MIGRATIONS and createSqliteRepositories, in a dedicated worker, on OPFS through opfs-sahpool (its own pool, not the app's), journal_mode TRUNCATE as src/worker/open-database.ts sets it. Timed inside the worker with performance.now().",
    'The bench page is served with COOP/COEP so that timers have 5 us resolution (100 us otherwise); sqlite-wasm\'s "opfs" VFSes, which isolation would enable, are disabled so startup is the app\'s.',
    "Native anchor: better-sqlite3 (a file in a temp directory) in Node, same schema, pragmas, statements, savepoints, validation and row mapping, imported from src/lib/db; its SQL is checked against the app's source at every run.",
    'IndexedDB twin (bench/worker/idb-store.ts): one object store keyed by id, a [sessionId, createdAt] index; insert_many in one readwrite transaction; pages by cursor (OFFSET via advance) and keyset by IDBKeyRange; default durability.',
    'Search: minisearch (prefix, fuzzy 0.2, AND) with a tokenizer that splits words by a Unicode regex and CJK runs by Intl.Segmenter; FTS5 in the same sqlite-wasm database: an external-content unicode61 table plus a contentless trigram table over the messages that contain CJK. Both return their best 50 by BM25.',
    "Index heap: the worker's JS heap after a forced GC, before and after building, read through the DevTools protocol (performance.memory does not exist in workers).",
    "Cold start: fresh page loads after two warm-up loads (HTTP cache and V8's wasm code cache warm), assets served as immutable; median of the measured loads. The bench database then holds the corpus minus the deleted session, plus the documents.",
    "Real-app scenarios drive the app's e2e build (it exposes its worker API on window.libragent to seed data): paint is detected with requestAnimationFrame, so those numbers carry up to one frame (~16 ms) of granularity.",
    'Chromium runs headless with a persistent profile in a temporary directory (OPFS on disk, as for a real user); an incognito context keeps OPFS in memory behind slow IPC.',
  ];
}
