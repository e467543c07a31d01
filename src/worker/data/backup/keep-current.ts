import { toAppError } from '../../db/sqlite/map-error';
import type { SqlClient } from '../../db/sqlite/sql-client';
import type { KeptCopyDraft } from '../kept-copy/kept-copy';
import { asRollbackFile } from './sqlite-bytes';

/**
 * Writes the live database, page by page, into `draft` and finishes it: the file as SQLite has
 * it, API keys included. The pages are read through `sqlite_dbpage` one at a time, so no second
 * copy of the whole database is ever held in memory (a restore holds the backup and its checked
 * copy already). One statement reads them all, so the copy is of one moment; SQLite reads them
 * through its WAL, so the copy is complete on its own, and is written as a rollback-mode file.
 */
export function keepCurrentDatabase(live: SqlClient, draft: KeptCopyDraft): number {
  const pageSize = Number(live.value('PRAGMA page_size'));
  let size = 0;
  let statement;
  try {
    statement = live.db.prepare('SELECT pgno, data FROM sqlite_dbpage ORDER BY pgno');
    while (statement.step()) {
      const page = Number(statement.get(0));
      const data = statement.get(1) as Uint8Array;
      draft.write(page === 1 ? asRollbackFile(data) : data, (page - 1) * pageSize);
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
