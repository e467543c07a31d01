/** Sizes and times as a person reads them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
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
