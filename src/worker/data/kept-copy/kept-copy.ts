import { AppError } from '../../../shared/errors';

/**
 * The copy of the user's data a restore keeps before it replaces anything, so that the restore
 * can be undone (Settings → Data) until the next one, whether or not its download got through.
 * It is this device's database as it was, API keys included: it stays in this site's private
 * storage, like the database itself, and what is offered for download is made without keys.
 */

/** The kept copy, as Settings shows it. */
export interface KeptCopyInfo {
  /** When the restore that kept it ran (epoch ms). */
  takenAt: number;
  /** How much of this site's storage it uses. */
  bytes: number;
}

/**
 * A kept copy being written. Writing and finishing are synchronous, so the copy and the restore
 * after it run without another call of the worker in between; until `commit` the previous kept
 * copy stays the one that counts.
 */
export interface KeptCopyDraft {
  /** Writes `bytes` at byte `at`; throws StorageFull when the browser refuses them. */
  write(bytes: Uint8Array, at: number): void;
  /** Flushes and checks the whole copy (`size` bytes) is stored; throws StorageFull when not. */
  finish(size: number): void;
  /** Makes it the kept copy, in place of the one before. */
  commit(): Promise<KeptCopyInfo>;
  /** Throws it away (the restore did not happen); the kept copy before stays. */
  discard(): Promise<void>;
}

/** Where the kept copy lives: a file in OPFS (opfs-kept-copy.ts), or memory when the app runs in memory. */
export interface KeptCopyStore {
  begin(takenAt: number): Promise<KeptCopyDraft>;
  info(): Promise<KeptCopyInfo | undefined>;
  read(): Promise<Uint8Array | undefined>;
  remove(): Promise<void>;
}

/** The kept copy in memory: for an app without OPFS, and for the unit tests. */
export class MemoryKeptCopyStore implements KeptCopyStore {
  private kept: { takenAt: number; bytes: Uint8Array } | undefined;
  /** Fails every write after this many bytes, as a full disk does (tests). */
  capacity = Number.POSITIVE_INFINITY;

  begin(takenAt: number): Promise<KeptCopyDraft> {
    let bytes = new Uint8Array(0);
    const capacity = this.capacity;
    const draft: KeptCopyDraft = {
      write: (chunk, at) => {
        if (at + chunk.byteLength > capacity) throw storageFull();
        if (at + chunk.byteLength > bytes.byteLength) {
          const grown = new Uint8Array(Math.max(at + chunk.byteLength, bytes.byteLength * 2));
          grown.set(bytes);
          bytes = grown;
        }
        bytes.set(chunk, at);
      },
      finish: (size) => {
        bytes = bytes.slice(0, size);
      },
      commit: () => {
        this.kept = { takenAt, bytes };
        return Promise.resolve({ takenAt, bytes: bytes.byteLength });
      },
      discard: () => Promise.resolve(),
    };
    return Promise.resolve(draft);
  }

  info(): Promise<KeptCopyInfo | undefined> {
    return Promise.resolve(this.kept && { takenAt: this.kept.takenAt, bytes: this.kept.bytes.byteLength });
  }

  read(): Promise<Uint8Array | undefined> {
    return Promise.resolve(this.kept?.bytes.slice());
  }

  remove(): Promise<void> {
    this.kept = undefined;
    return Promise.resolve();
  }
}

/** What the user reads when the copy of their data could not be kept. */
export const KEEP_FAILED =
  'Storage is full: the copy of your current data that a restore keeps could not be saved, so nothing was restored and your data was not changed. Free some space (delete old sessions or documents), then try again.';

const storageFull = () => new AppError('StorageFull', KEEP_FAILED);
