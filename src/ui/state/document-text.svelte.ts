import type { Remote } from 'comlink';
import type { WorkerApi } from '../../shared/api';
import type { ContentSummary, LineRange } from '../../shared/entities';
import { describeError } from './connection.svelte';
import type { ReaderTarget } from './reader-target';

/** Lines shown at once: even a 200,000-row sheet opens instantly. */
export const READER_WINDOW = 400;

/** The reader's view of one document: its summary and one window of its lines, or why it cannot open. */
export class DocumentText {
  summary = $state.raw<ContentSummary | null>(null);
  range = $state.raw<LineRange | null>(null);
  failure = $state<string | null>(null);
  lines = $derived(this.range ? this.range.text.split('\n') : []);

  constructor(private readonly api: Remote<WorkerApi>) {}

  clear(): void {
    this.summary = null;
    this.range = null;
    this.failure = null;
  }

  /** Reads the window of lines starting at `from`; false when the document could not be read. */
  async load(target: ReaderTarget, from: number): Promise<boolean> {
    try {
      const items = await this.api.content.list(target.sessionId, 0, 500);
      this.summary = items.find((item) => item.id === target.contentId) ?? null;
      this.range = await this.api.content.readLines(target.sessionId, target.contentId, from, from + READER_WINDOW - 1);
      return true;
    } catch (error) {
      const { code, message } = describeError(error);
      this.failure = code === 'NotFound' ? `${target.filename} is no longer in this session's documents.` : message;
      return false;
    }
  }
}
