import { formatBytes } from './format';

const MB = 1024 * 1024;

/**
 * The largest backup a restore reads. While it runs the file is in memory three times (the file,
 * the copy read from it as data, the database it replaces), and a tab that runs out is killed.
 */
export const MAX_BACKUP_BYTES = 1024 * MB;

/** The largest import (a JSON file): it is read as one string, which V8 caps at about 512 MB, and parsed at once. */
export const MAX_IMPORT_BYTES = 256 * MB;

/**
 * Why a file of `size` bytes is refused before a byte of it is read, or null when it is not too
 * big: `what` names it for the user ("This backup").
 */
export function tooBigToRead(size: number, limit: number, what: string): string | null {
  if (size <= limit) return null;
  return `${what} is ${formatBytes(size)}; LibrAgent reads files of this kind up to ${formatBytes(limit)}. Your current data was not changed.`;
}

/**
 * Why an upload of `size` bytes is refused, or null: checked in the UI before the file is read
 * (a file of gigabytes is never loaded into the tab) and again by the worker's parser, against the
 * limit of the settings (`contentLimits.maxFileBytes`).
 */
export function uploadTooBig(name: string, size: number, limit: number): string | null {
  if (size <= limit) return null;
  return `${name} is ${formatBytes(size)}; the limit is ${formatBytes(limit)}. Split it into smaller files, or raise the limit in Settings.`;
}
