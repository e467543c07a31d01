/** What the document reader opens: an item, optionally at a line range it shows highlighted. */
export interface ReaderTarget {
  sessionId: string;
  contentId: string;
  filename: string;
  fromLine?: number;
  toLine?: number;
}
