import { OpfsWorkspaceFolders } from '../../src/worker/sessions/workspace-folders';
import { INDEX_FILE } from '../../src/worker/search/search-service';

/**
 * The app's per-session workspace folders (OPFS `workspaces/<session>/`), where its search
 * indexes are persisted. The bench page has an origin of its own (its own port), so these are
 * the bench's folders, never the app's.
 */
export async function removeWorkspaceFolders(): Promise<void> {
  await new OpfsWorkspaceFolders().sweep(() => false);
  // Left by the benchmark's earlier, private minisearch index.
  const root = await navigator.storage.getDirectory();
  await root.removeEntry('libragent-bench-index', { recursive: true }).catch(() => undefined);
}

/** How many search index files there are in the workspace folders, and their bytes on disk. */
export async function workspaceFileBytes(): Promise<{ files: number; bytes: number }> {
  const root = await (await navigator.storage.getDirectory()).getDirectoryHandle('workspaces', { create: true });
  let files = 0;
  let bytes = 0;
  for await (const folder of (root as unknown as { values(): AsyncIterable<FileSystemHandle> }).values()) {
    if (folder.kind !== 'directory') continue;
    try {
      const file = await (await (folder as FileSystemDirectoryHandle).getFileHandle(INDEX_FILE)).getFile();
      files++;
      bytes += file.size;
    } catch {
      // a folder without an index file
    }
  }
  return { files, bytes };
}
