import { messageBatches, sessionId, type CorpusSpec } from './corpus';
import type { MessageStore } from './message-store';
import type { BenchSizes } from './options';
import { pageReads, streamedMessage } from './plan';
import type { InsertResult, PageResults } from './results';
import { timeSamples, type Summary } from './stats';

/** The repository scenarios, shared by every engine so they all do identical work. */

export async function createCorpusSessions(store: MessageStore, spec: CorpusSpec): Promise<void> {
  await store.createSessions(Array.from({ length: spec.sessions }, (_, k) => sessionId(spec, k)));
}

/** insert_many over the whole corpus in `batch`-row calls; only the calls are timed. */
export async function insertCorpus(store: MessageStore, spec: CorpusSpec, batch: number): Promise<InsertResult> {
  let ms = 0;
  let rows = 0;
  for (const messages of messageBatches(spec, batch)) {
    const start = performance.now();
    await store.insertMany(messages);
    ms += performance.now() - start;
    rows += messages.length;
  }
  return { rows, ms, rowsPerSecond: (rows / ms) * 1000 };
}

export async function readPages(store: MessageStore, spec: CorpusSpec, sizes: BenchSizes): Promise<PageResults[]> {
  const session = sessionId(spec, 0);
  const results: PageResults[] = [];
  for (const read of pageReads(spec, sizes.pageSize)) {
    const { direction, anchorId } = read.keyset;
    const budget = { budgetMs: sizes.budgetMs };
    const offset = await timeSamples(sizes.samples, () => store.getPage(session, read.page, sizes.pageSize), budget);
    const keyset = await timeSamples(sizes.samples, () => store.keyset(session, direction, anchorId, sizes.pageSize), budget);
    results.push({ depth: read.depth, offset, keyset });
  }
  return results;
}

/** The streaming update: the same message upserted `samples` times, each its own durable write. */
export function streamUpserts(store: MessageStore, spec: CorpusSpec, sizes: BenchSizes): Promise<Summary> {
  return timeSamples(sizes.samples, (step) => store.upsert(streamedMessage(spec, step)), { budgetMs: sizes.budgetMs });
}

export async function deleteBigSession(store: MessageStore, spec: CorpusSpec): Promise<number> {
  const start = performance.now();
  await store.deleteSession(sessionId(spec, 0));
  return performance.now() - start;
}
