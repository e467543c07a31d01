import { CheckedFileWriter, listFiles, readFileBytes, removeFile } from '../../opfs/checked-file';
import { KEEP_FAILED, type KeptCopyDraft, type KeptCopyInfo, type KeptCopyStore } from './kept-copy';

const PREFIX = 'libragent-before-restore-';
const SUFFIX = '.sqlite3';
/** A copy still being written: never the kept one, and swept by the next restore. */
const DRAFT = '.partial';

const nameFor = (takenAt: number) => `${PREFIX}${takenAt}${SUFFIX}`;
const takenAtOf = (name: string) => Number(name.slice(PREFIX.length, -SUFFIX.length));
const isKept = (name: string) => name.startsWith(PREFIX) && name.endsWith(SUFFIX) && Number.isFinite(takenAtOf(name));
const isDraft = (name: string) => name.startsWith(PREFIX) && name.endsWith(DRAFT);

/**
 * The kept copy as a plain file in this site's private storage, outside SQLite's pool (so nothing
 * the pool does at a start can touch it): `libragent-before-restore-<time>.sqlite3`. It is
 * written under a draft name, flushed and its length read back, and only then renamed; the one
 * before is removed after that, so a failure anywhere leaves the previous kept copy in place.
 */
export class OpfsKeptCopyStore implements KeptCopyStore {
  async begin(takenAt: number): Promise<KeptCopyDraft> {
    for (const draft of await listFiles(isDraft)) await removeFile(draft.name);
    const file = await CheckedFileWriter.create(nameFor(takenAt) + DRAFT, KEEP_FAILED);
    let size = 0;
    return {
      write: (bytes, at) => file.write(bytes, at),
      finish: (total) => {
        file.finish(total);
        size = total;
      },
      commit: async () => {
        await file.rename(nameFor(takenAt));
        for (const old of await listFiles(isKept)) if (old.name !== nameFor(takenAt)) await removeFile(old.name);
        return { takenAt, bytes: size };
      },
      discard: async () => {
        file.close();
        await removeFile(file.name);
      },
    };
  }

  async info(): Promise<KeptCopyInfo | undefined> {
    const newest = await this.newest();
    return newest && { takenAt: takenAtOf(newest.name), bytes: newest.size };
  }

  async read(): Promise<Uint8Array | undefined> {
    const newest = await this.newest();
    return newest && readFileBytes(newest.name);
  }

  async remove(): Promise<void> {
    for (const file of await listFiles(isKept)) await removeFile(file.name);
  }

  private async newest() {
    const kept = await listFiles(isKept);
    return kept.sort((a, b) => takenAtOf(b.name) - takenAtOf(a.name))[0];
  }
}
