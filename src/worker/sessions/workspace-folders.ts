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
  /**
   * Replaces a file of the session's folder (creating both when missing). The new text replaces
   * the old one only when completely written, so a tab killed meanwhile leaves the old file.
   * Returns the file's path in OPFS, or null where nothing is kept.
   */
  writeFile(sessionId: string, name: string, text: string): Promise<string | null>;
  /** The file's text, or undefined when there is none. */
  readFile(sessionId: string, name: string): Promise<string | undefined>;
  /** Removes one file of the session's folder; true when there was one. */
  deleteFile(sessionId: string, name: string): Promise<boolean>;
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

  async writeFile(sessionId: string, name: string, text: string): Promise<string> {
    const folder = await (await this.root()).getDirectoryHandle(folderName(sessionId), { create: true });
    const file = await folder.getFileHandle(name, { create: true });
    // createWritable writes to a swap file and swaps it in on close(): all or nothing.
    const writable = await file.createWritable();
    try {
      await writable.write(text);
      await writable.close();
    } catch (error) {
      await writable.abort().catch(() => undefined);
      throw error;
    }
    return `${ROOT}/${folderName(sessionId)}/${name}`;
  }

  async readFile(sessionId: string, name: string): Promise<string | undefined> {
    try {
      const folder = await (await this.root()).getDirectoryHandle(folderName(sessionId));
      return await (await (await folder.getFileHandle(name)).getFile()).text();
    } catch (error) {
      if ((error as DOMException).name === 'NotFoundError') return undefined;
      throw error;
    }
  }

  async deleteFile(sessionId: string, name: string): Promise<boolean> {
    try {
      const folder = await (await this.root()).getDirectoryHandle(folderName(sessionId));
      await folder.removeEntry(name);
      return true;
    } catch (error) {
      if ((error as DOMException).name === 'NotFoundError') return false;
      throw error;
    }
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
  async writeFile(): Promise<null> {
    return null;
  }
  async readFile(): Promise<undefined> {
    return undefined;
  }
  async deleteFile(): Promise<boolean> {
    return false;
  }
}

/** Session ids are UUIDs, but a folder name must never be able to climb out of its parent. */
function folderName(sessionId: string): string {
  return encodeURIComponent(sessionId);
}
