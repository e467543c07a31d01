import type { WorkspaceFolders } from '../src/worker/sessions/workspace-folders';

/** Session folders in memory: what OPFS holds, minus the browser. */
export class MemoryFolders implements WorkspaceFolders {
  readonly files = new Map<string, string>();
  async create(): Promise<void> {}
  async remove(sessionId: string): Promise<void> {
    for (const key of [...this.files.keys()]) if (key.startsWith(`${sessionId}/`)) this.files.delete(key);
  }
  async exists(): Promise<boolean> {
    return true;
  }
  async sweep(): Promise<number> {
    return 0;
  }
  async writeFile(sessionId: string, name: string, text: string): Promise<string> {
    this.files.set(`${sessionId}/${name}`, text);
    return `workspaces/${sessionId}/${name}`;
  }
  async readFile(sessionId: string, name: string): Promise<string | undefined> {
    return this.files.get(`${sessionId}/${name}`);
  }
  async deleteFile(sessionId: string, name: string): Promise<boolean> {
    return this.files.delete(`${sessionId}/${name}`);
  }
}
