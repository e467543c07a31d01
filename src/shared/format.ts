/** Sizes and times as a person reads them. */

const KB = 1024;
const MB = 1024 * KB;

/** "73.2 MB", "512 KB", "18 bytes" (1 MB = 1,048,576 bytes, as file managers count). */
export function formatBytes(bytes: number): string {
  if (bytes < KB) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  const [value, unit] = bytes < MB ? [bytes / KB, 'KB'] : bytes < 1024 * MB ? [bytes / MB, 'MB'] : [bytes / (1024 * MB), 'GB'];
  return `${Number(value.toFixed(1))} ${unit}`;
}

export function formatTime(at: string | number): string {
  return new Date(at).toLocaleString();
}

/** A short type name for a MIME type: "PDF", "Spreadsheet", "Markdown", ... */
export function kindOf(mimeType: string): string {
  if (mimeType === 'application/pdf') return 'PDF';
  if (/spreadsheet|excel|csv|tab-separated/.test(mimeType)) return 'Spreadsheet';
  if (mimeType === 'text/markdown') return 'Markdown';
  if (mimeType === 'application/json') return 'JSON';
  if (mimeType === 'text/html') return 'HTML';
  return 'Text';
}

/**
 * "1 document", "2 documents", "1,024 messages": a count and its noun, singular only for one.
 * `plural` is for nouns that do not just take an "s".
 */
export function countOf(count: number, noun: string, plural = `${noun}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? noun : plural}`;
}
