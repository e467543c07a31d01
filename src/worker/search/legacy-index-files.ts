import type { SqlClient } from '../db/sqlite/sql-client';
import type { WorkspaceFolders } from '../sessions/workspace-folders';

/** The file each session's minisearch index was saved to, up to migration 0003. */
export const LEGACY_INDEX_FILE = 'search-index.json';

/**
 * Removes the per-session index files of the old design (up to 0003), listed by migration 0004
 * in search_legacy_files. Called only once the new index holds everything, so search never
 * depends on a file that is already gone. Returns how many files were removed.
 */
export async function removeLegacyIndexFiles(sql: SqlClient, folders: WorkspaceFolders): Promise<number> {
  const sessions = sql.all('SELECT session_id FROM search_legacy_files').map((row) => String(row.session_id));
  let removed = 0;
  for (const sessionId of sessions) {
    if (await folders.deleteFile(sessionId, LEGACY_INDEX_FILE)) removed++;
    sql.run('DELETE FROM search_legacy_files WHERE session_id = ?', [sessionId]);
  }
  return removed;
}
