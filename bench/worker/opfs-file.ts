import { OpfsWorkspaceFolders } from '../../src/worker/sessions/workspace-folders';

/**
 * Empties the app's per-session workspace folders (OPFS `workspaces/<session>/`) of the bench
 * page's origin (its own port, so never the app's folders): earlier runs, made with the
 * per-session index files, left them full.
 */
export async function removeWorkspaceFolders(): Promise<void> {
  await new OpfsWorkspaceFolders().sweep(() => false);
  const root = await navigator.storage.getDirectory();
  await root.removeEntry('libragent-bench-index', { recursive: true }).catch(() => undefined);
}
