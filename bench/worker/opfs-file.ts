/**
 * A persisted search index is a file in OPFS, beside (not inside) the database pool: written
 * through a writable stream (atomic: the file changes only on close), read back whole.
 */
const DIRECTORY = 'libragent-bench-index';

async function fileHandle(name: string): Promise<FileSystemFileHandle> {
  const root = await navigator.storage.getDirectory();
  const directory = await root.getDirectoryHandle(DIRECTORY, { create: true });
  return directory.getFileHandle(name, { create: true });
}

export async function writeOpfsFile(name: string, text: string): Promise<void> {
  const writable = await (await fileHandle(name)).createWritable();
  await writable.write(text);
  await writable.close();
}

export async function readOpfsFile(name: string): Promise<string> {
  return (await (await fileHandle(name)).getFile()).text();
}

export async function removeOpfsFiles(): Promise<void> {
  const root = await navigator.storage.getDirectory();
  await root.removeEntry(DIRECTORY, { recursive: true }).catch(() => undefined);
}
