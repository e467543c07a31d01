import { proxy, transfer, type Remote } from 'comlink';
import type { ParseProgress, UploadStage, WorkerApi } from '../../shared/api';
import type { ContentSummary } from '../../shared/entities';
import { uploadTooBig } from '../../shared/file-limits';
import { describeError } from './connection.svelte';

export interface UploadRow {
  id: string;
  sessionId: string;
  filename: string;
  stage: UploadStage | 'waiting' | 'done' | 'failed' | 'cancelled';
  pages?: ParseProgress;
  error?: string;
  result?: ContentSummary;
}

const LABELS: Record<UploadRow['stage'], string> = {
  waiting: 'Waiting',
  reading: 'Reading',
  parsing: 'Parsing',
  chunking: 'Chunking',
  saving: 'Saving',
  done: 'Saved',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

const FINISHED: UploadRow['stage'][] = ['done', 'failed', 'cancelled'];

export function stageLabel(row: UploadRow): string {
  const pages = row.stage === 'parsing' && row.pages ? ` page ${row.pages.done} of ${row.pages.total}` : '';
  return `${LABELS[row.stage]}${pages}`;
}

/**
 * Files on their way into a session's content store, one row each with its stage, so several can
 * be dropped at once, each shows its own progress, and each can be cancelled. Files are read here
 * and their bytes transferred (not copied) to the worker, which parses and stores them.
 */
export class Uploads {
  rows = $state<UploadRow[]>([]);
  /** Cancelled uploads, also those the worker has not heard of yet (waiting, or being read). */
  // A plain Set on purpose: nothing renders from it, so it needs no reactivity.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly cancelled = new Set<string>();

  constructor(private readonly api: Remote<WorkerApi>) {}

  /** Uploads the files one after another; resolves with the items that were saved. */
  async add(sessionId: string, files: File[]): Promise<ContentSummary[]> {
    const queued = files.map((file) =>
      this.push({ id: crypto.randomUUID(), sessionId, filename: file.name || 'pasted file', stage: 'waiting' }),
    );
    const saved: ContentSummary[] = [];
    // Read once for the batch: a file over the limit is refused before a byte of it is read.
    let maxFileBytes: number;
    try {
      maxFileBytes = (await this.api.settings.get()).contentLimits.maxFileBytes;
    } catch (error) {
      for (const row of queued) this.update(row.id, { stage: 'failed', error: describeError(error).message });
      return [];
    }
    for (const [index, row] of queued.entries()) {
      const result = await this.run(row, files[index], maxFileBytes);
      if (result) saved.push(result);
    }
    return saved;
  }

  async cancel(id: string): Promise<void> {
    const row = this.find(id);
    if (!row) return;
    this.cancelled.add(id);
    if (row.stage === 'waiting') row.stage = 'cancelled';
    else await this.api.content.cancelUpload(id);
  }

  dismiss(id: string): void {
    this.rows = this.rows.filter((row) => row.id !== id);
  }

  /** Whether any upload is still running (the app must not reload under it). */
  get busy(): boolean {
    return this.rows.some((row) => !FINISHED.includes(row.stage));
  }

  private async run(row: UploadRow, file: File, maxFileBytes: number): Promise<ContentSummary | null> {
    if (this.cancelled.has(row.id)) return null;
    const tooBig = uploadTooBig(row.filename, file.size, maxFileBytes);
    if (tooBig) {
      this.update(row.id, { stage: 'failed', error: tooBig });
      return null;
    }
    this.update(row.id, { stage: 'reading' });
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      if (this.cancelled.has(row.id)) {
        this.update(row.id, { stage: 'cancelled' });
        return null;
      }
      // Progress arrives on the callback's own channel, unordered with the upload's result: a late
      // report must not turn a finished, failed or cancelled row back into "Parsing".
      const onProgress = proxy((stage: UploadStage, pages?: ParseProgress) => {
        if (!FINISHED.includes(this.find(row.id)?.stage ?? 'done')) this.update(row.id, { stage, pages });
      });
      const result = await this.api.content.upload(
        row.sessionId,
        transfer({ name: row.filename, bytes }, [bytes.buffer]),
        row.id,
        onProgress,
      );
      if (this.cancelled.has(row.id)) {
        // The cancel arrived as the upload finished: take it back out.
        await this.api.content.delete(row.sessionId, result.id);
        this.update(row.id, { stage: 'cancelled' });
        return null;
      }
      this.update(row.id, { stage: 'done', result });
      // Finished rows leave by themselves; failures stay until dismissed, so they can be read.
      setTimeout(() => this.dismiss(row.id), 4000);
      return result;
    } catch (error) {
      const { code, message } = describeError(error);
      this.update(row.id, code === 'Cancelled' ? { stage: 'cancelled' } : { stage: 'failed', error: message });
      return null;
    }
  }

  private push(row: UploadRow): UploadRow {
    this.rows = [...this.rows, row];
    return row;
  }

  private find(id: string): UploadRow | undefined {
    return this.rows.find((row) => row.id === id);
  }

  private update(id: string, patch: Partial<UploadRow>): void {
    const row = this.find(id);
    if (row) Object.assign(row, patch);
  }
}
