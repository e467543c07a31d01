import MiniSearch from 'minisearch';
import type { SqlClient } from '../../src/worker/db/sqlite/sql-client';
import { messageSearchText } from '../../src/worker/search/message-text';
import { normalizeTerm, tokenize } from '../../src/worker/search/tokenize';
import { yieldToCalls } from '../../src/worker/search/yield-to-calls';
import type { Role } from '../../src/shared/entities';
import type { BenchSizes } from '../shared/options';
import { QUERIES, SEARCH_LIMIT } from '../shared/queries';
import type { MinisearchDesignResult } from '../shared/results';
import { timeSamples } from '../shared/stats';

/**
 * The design the app did not choose, measured beside it (bench/README.md, "Designs compared"):
 * one minisearch index of every message in the worker's heap, with the options the per-session
 * indexes had (every word must match, prefix from 2 characters, typos from 5, the app's
 * tokenizer). Built from the bench database in pages, as a start would have to.
 */
let index: MiniSearch<{ id: number; text: string; sessionId: string }> | undefined;

/** Above this many messages the design is not run: its heap alone would approach a tab's limit. */
const LARGEST = 300_000;

export async function buildMinisearchDesign(sql: SqlClient, sizes: BenchSizes): Promise<{ ran: boolean; buildMs: number }> {
  if (sizes.messages > LARGEST) return { ran: false, buildMs: NaN };
  index = new MiniSearch({
    fields: ['text'],
    storeFields: ['sessionId'],
    tokenize,
    processTerm: normalizeTerm,
    searchOptions: { combineWith: 'AND', prefix: (term) => term.length >= 2, fuzzy: (term) => (term.length >= 5 ? 0.2 : false) },
  });
  const start = performance.now();
  let after = 0;
  for (;;) {
    const rows = sql.all(
      'SELECT rowid AS id, session_id, role, content, thinking FROM messages WHERE rowid > ? ORDER BY rowid LIMIT 2000',
      [after],
    );
    if (rows.length === 0) break;
    index.addAll(
      rows.map((row) => ({
        id: Number(row.id),
        sessionId: String(row.session_id),
        text: messageSearchText({
          role: String(row.role) as Role,
          content: String(row.content),
          thinking: row.thinking as string | null,
        }),
      })),
    );
    after = Number(rows.at(-1)?.id);
    await yieldToCalls();
  }
  return { ran: true, buildMs: performance.now() - start };
}

export async function queryMinisearchDesign(sizes: BenchSizes): Promise<MinisearchDesignResult['queries']> {
  const built = index;
  if (!built) return [];
  const results: MinisearchDesignResult['queries'] = [];
  for (const query of QUERIES) {
    const global = await timeSamples(Math.min(sizes.searchSamples, 30), () => built.search(query.text).slice(0, SEARCH_LIMIT), {
      budgetMs: sizes.budgetMs,
    });
    results.push({ id: query.id, global, hits: built.search(query.text).length });
  }
  return results;
}

export function dropMinisearchDesign(): void {
  index = undefined;
}
