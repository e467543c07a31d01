import type { Remote } from 'comlink';
import type { WorkerApi } from '../../shared/api';
import type { ContentSummary } from '../../shared/entities';
import type { Notice } from './notice.svelte';
import type { ReaderTarget } from './reader-target';
import type { Sessions } from './sessions.svelte';
import { Uploads } from './uploads.svelte';

/** The open session's content store: its items, the uploads on their way in, the document in the reader. */
export class Documents {
  items = $state.raw<ContentSummary[]>([]);
  /** The document open in the reader, if any. */
  reader = $state.raw<ReaderTarget | null>(null);
  readonly uploads: Uploads;

  constructor(
    private readonly api: Remote<WorkerApi>,
    private readonly sessions: Sessions,
    private readonly notice: Notice,
  ) {
    this.uploads = new Uploads(api);
  }

  /** Uploads files into the open session's content store. */
  async upload(files: File[]): Promise<ContentSummary[]> {
    const sessionId = this.sessions.activeId;
    if (!sessionId || files.length === 0) return [];
    const saved = await this.uploads.add(sessionId, files);
    if (sessionId === this.sessions.activeId) await this.refresh();
    return saved;
  }

  delete = (contentId: string): Promise<boolean> =>
    this.notice.attempt(async () => {
      const sessionId = this.sessions.activeId;
      if (!sessionId) return;
      await this.api.content.delete(sessionId, contentId);
      await this.refresh();
    });

  /** Opens a document of the open session in the reader, at a line range if given. */
  async open(target: Omit<ReaderTarget, 'filename'> & { filename?: string }): Promise<void> {
    const known = () => this.items.find((item) => item.id === target.contentId)?.filename;
    // A link can name a document added a moment ago: read the list again before giving up.
    if (!target.filename && !known()) await this.refresh();
    this.reader = { ...target, filename: target.filename ?? known() ?? 'Document' };
  }

  async refresh(): Promise<void> {
    const sessionId = this.sessions.activeId;
    const documents = sessionId ? await this.api.content.list(sessionId) : [];
    if (sessionId === this.sessions.activeId) this.items = documents;
  }
}
