import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS } from '../../src/worker/db/migrations';
import { corpusSpec, type BenchSizes } from '../shared/options';
import type { StoreResults } from '../shared/results';
import { createCorpusSessions, deleteBigSession, insertCorpus, readPages, streamUpserts } from '../shared/store-scenarios';
import { checkNativeSqlMatchesApp } from './native-sql';
import { NativeStore } from './native-store';

export interface NativeResults extends StoreResults {
  deleteMs: number;
  sqliteVersion: string;
  pragmas: Record<string, unknown>;
  databaseBytes: number;
}

/** Runs the repository scenarios on native SQLite in a temporary directory, then removes it. */
export async function runNative(root: string, sizes: BenchSizes): Promise<NativeResults> {
  checkNativeSqlMatchesApp(root);
  const dir = mkdtempSync(join(tmpdir(), 'libragent-bench-native-'));
  const file = join(dir, 'bench.sqlite3');
  const store = new NativeStore(file, MIGRATIONS);
  try {
    const spec = corpusSpec(sizes);
    await createCorpusSessions(store, spec);
    const insert = await insertCorpus(store, spec, sizes.batch);
    const pages = await readPages(store, spec, sizes);
    const upsert = await streamUpserts(store, spec, sizes);
    const databaseBytes = statSync(file).size;
    const deleteMs = await deleteBigSession(store, spec);
    return { insert, pages, upsert, deleteMs, sqliteVersion: store.sqliteVersion(), pragmas: store.pragmas(), databaseBytes };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
