import { describe, expect, it } from 'vitest';
import { MAX_BACKUP_BYTES, MAX_IMPORT_BYTES, tooBigToRead, uploadTooBig } from './file-limits';

describe('files too big to read', () => {
  it('refuses a file over its limit, in words, and lets one at the limit through', () => {
    expect(tooBigToRead(MAX_BACKUP_BYTES, MAX_BACKUP_BYTES, 'This backup')).toBeNull();
    expect(tooBigToRead(2 * 1024 ** 3, MAX_BACKUP_BYTES, 'This backup')).toBe(
      'This backup is 2 GB; LibrAgent reads files of this kind up to 1 GB. Your current data was not changed.',
    );
    expect(tooBigToRead(MAX_IMPORT_BYTES + 1, MAX_IMPORT_BYTES, 'This file')).toContain('up to 256 MB');
  });

  it('refuses an upload over the limit of the settings, saying what to do', () => {
    expect(uploadTooBig('a.pdf', 50 * 1024 ** 2, 50 * 1024 ** 2)).toBeNull();
    expect(uploadTooBig('huge.txt', 2 * 1024 ** 3, 50 * 1024 ** 2)).toBe(
      'huge.txt is 2 GB; the limit is 50 MB. Split it into smaller files, or raise the limit in Settings.',
    );
  });
});
