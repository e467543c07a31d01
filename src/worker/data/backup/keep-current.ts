import { toAppError } from '../../db/sqlite/map-error';
import type { SqlClient } from '../../db/sqlite/sql-client';
import type { KeptCopyDraft } from '../kept-copy/kept-copy';

/**
 * Writes the live database, page by page, into `draft` and finishes it: the file as SQLite has
 * it, API keys included. The pages are read through `sqlite_dbpage` one at a time, so no second
 * copy of the whole database is ever held in memory (a restore holds the backup and its checked
 * copy already). One statement reads them all, so the copy is of one moment.
 */
export function keepCurrentDatabase(live: SqlClient, draft: KeptCopyDraft): number {
  const pageSize = Number(live.value('PRAGMA page_size'));
  let size = 0;
  let statement;
  try {
    statement = live.db.prepare('SELECT pgno, data FROM sqlite_dbpage ORDER BY pgno');
    while (statement.step()) {
      const page = Number(statement.get(0));
      draft.write(statement.get(1) as Uint8Array, (page - 1) * pageSize);
      size = page * pageSize;
    }
  } catch (error) {
    throw toAppError(error);
  } finally {
    statement?.finalize();
  }
  draft.finish(size);
  return size;
}
