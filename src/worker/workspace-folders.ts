/**
 * Each session owns a folder in OPFS (its workspace: persisted search index, exports, ...),
 * beside the database's own pool folder, which belongs to SQLite alone.
 */
export interface WorkspaceFolders {
  create(sessionId: string): Promise<void>;
  remove(sessionId: string): Promise<void>;
  exists(sessionId: string): Promise<boolean>;
  /**
   * Removes folders whose session no longer exists (left by a crash between the two steps of a
   * deletion). `isLive` is asked at the moment of each removal, so a session created meanwhile
   * keeps its folder.
   */
  sweep(isLive: (sessionId: string) => boolean): Promise<number>;
}

const ROOT = 'workspaces';

export class OpfsWorkspaceFolders implements WorkspaceFolders {
  async create(sessionId: string): Promise<void> {
    await (await this.root()).getDirectoryHandle(folderName(sessionId), { create: true });
  }

  async remove(sessionId: string): Promise<void> {
    try {
      await (await this.root()).removeEntry(folderName(sessionId), { recursive: true });
    } catch (error) {
      if ((error as DOMException).name !== 'NotFoundError') throw error;
    }
  }

  async exists(sessionId: string): Promise<boolean> {
    try {
      await (await this.root()).getDirectoryHandle(folderName(sessionId));
      return true;
    } catch {
      return false;
    }
  }

  async sweep(isLive: (sessionId: string) => boolean): Promise<number> {
    const root = await this.root();
    let removed = 0;
    for await (const name of (root as unknown as { keys(): AsyncIterable<string> }).keys()) {
      if (isLive(decodeURIComponent(name))) continue;
      await root.removeEntry(name, { recursive: true });
      removed++;
    }
    return removed;
  }

  private async root(): Promise<FileSystemDirectoryHandle> {
    const origin = await navigator.storage.getDirectory();
    return origin.getDirectoryHandle(ROOT, { create: true });
  }
}

/** Nothing to keep when the database itself lives in memory. */
export class NoWorkspaceFolders implements WorkspaceFolders {
  async create(): Promise<void> {}
  async remove(): Promise<void> {}
  async exists(): Promise<boolean> {
    return false;
  }
  async sweep(): Promise<number> {
    return 0;
  }
}

/** Session ids are UUIDs, but a folder name must never be able to climb out of its parent. */
function folderName(sessionId: string): string {
  return encodeURIComponent(sessionId);
}
