import { AppError } from '../../shared/errors';

/** The worker-only part of the OPFS API (the DOM typings leave it out). */
interface SyncAccessHandle {
  truncate(size: number): void;
  write(data: Uint8Array, options: { at: number }): number;
  flush(): void;
  getSize(): number;
  close(): void;
}

type SyncFileHandle = FileSystemFileHandle & {
  createSyncAccessHandle(): Promise<SyncAccessHandle>;
  /** Renames the file in its folder (Chromium 110+ for OPFS). */
  move(newName: string): Promise<void>;
};

type EntriesOf = { entries(): AsyncIterable<[string, FileSystemHandle]> };

const isQuotaError = (error: unknown) => (error as { name?: string })?.name === 'QuotaExceededError';

/**
 * A plain file in this site's private storage (OPFS), outside SQLite's pool, written through a
 * sync access handle: what is written is flushed and its length read back before anyone relies
 * on it (`finish`). Used for the copies the app keeps of a database: the one set aside at a start
 * that failed (recoverable-database.ts) and the one kept before a restore (kept-copy/).
 */
export class CheckedFileWriter {
  private written = 0;

  private constructor(
    readonly name: string,
    private readonly handle: SyncFileHandle,
    private readonly access: SyncAccessHandle,
    /** What the user is told when the browser refuses to store the file (storage full). */
    private readonly whenFull: string,
  ) {}

  /** A new, empty file `name` at the top of the site's private storage (replacing one of that name). */
  static async create(name: string, whenFull: string): Promise<CheckedFileWriter> {
    const root = await navigator.storage.getDirectory();
    const handle = (await root.getFileHandle(name, { create: true })) as SyncFileHandle;
    const access = await handle.createSyncAccessHandle();
    try {
      access.truncate(0);
    } catch (error) {
      access.close();
      throw error;
    }
    return new CheckedFileWriter(name, handle, access, whenFull);
  }

  /** Writes `bytes` at byte `at`, synchronously; throws StorageFull when the browser refuses them. */
  write(bytes: Uint8Array, at: number): void {
    let count: number;
    try {
      count = this.access.write(bytes, { at });
    } catch (error) {
      throw isQuotaError(error) ? this.full() : error;
    }
    if (count !== bytes.byteLength) throw this.full();
    this.written = Math.max(this.written, at + count);
  }

  /** Flushes the file and checks it is `size` bytes long; closes it either way. */
  finish(size: number = this.written): void {
    try {
      this.access.flush();
      if (this.access.getSize() !== size) throw this.full();
    } catch (error) {
      throw isQuotaError(error) ? this.full() : error;
    } finally {
      this.access.close();
    }
  }

  /** Closes the file if it is still open (after a failure). */
  close(): void {
    try {
      this.access.close();
    } catch {
      // Already closed by finish().
    }
  }

  /** Gives the finished file another name in the same folder. */
  rename(newName: string): Promise<void> {
    return this.handle.move(newName);
  }

  private full(): AppError {
    return new AppError('StorageFull', this.whenFull);
  }
}

/**
 * Writes `bytes` to a new file `name` and reads its length back; throws StorageFull with
 * `whenFull`, and then removes what was written, so no part of a file is left to be taken for it.
 */
export async function writeCheckedFile(name: string, bytes: Uint8Array, whenFull: string): Promise<void> {
  const file = await CheckedFileWriter.create(name, whenFull);
  try {
    file.write(bytes, 0);
    file.finish(bytes.byteLength);
  } catch (error) {
    file.close();
    await removeFile(name).catch(() => undefined);
    throw error;
  }
}

/** The files at the top of the site's private storage whose names pass `wanted`, with their sizes. */
export async function listFiles(wanted: (name: string) => boolean): Promise<{ name: string; size: number }[]> {
  const root = await navigator.storage.getDirectory();
  const files: { name: string; size: number }[] = [];
  for await (const [name, handle] of (root as unknown as EntriesOf).entries()) {
    if (handle.kind === 'file' && wanted(name))
      files.push({ name, size: (await (handle as FileSystemFileHandle).getFile()).size });
  }
  return files;
}

/** The bytes of the file `name`, or undefined when there is none. */
export async function readFileBytes(name: string): Promise<Uint8Array | undefined> {
  const root = await navigator.storage.getDirectory();
  try {
    const file = await (await root.getFileHandle(name)).getFile();
    return new Uint8Array(await file.arrayBuffer());
  } catch (error) {
    if ((error as { name?: string })?.name === 'NotFoundError') return undefined;
    throw error;
  }
}

/** Removes the file `name`; nothing happens when there is none. */
export async function removeFile(name: string): Promise<void> {
  const root = await navigator.storage.getDirectory();
  try {
    await root.removeEntry(name);
  } catch (error) {
    if ((error as { name?: string })?.name !== 'NotFoundError') throw error;
  }
}
