import type { Remote } from 'comlink';
import type { WorkerApi } from '../../shared/api';
import { downloadFile } from '../download';
import type { Notice } from './notice.svelte';
import type { Sessions } from './sessions.svelte';

/** Downloads the open session: its transcript as Markdown or JSON, or its whole workspace as a ZIP. */
export class SessionExport {
  constructor(
    private readonly api: Remote<WorkerApi>,
    private readonly sessions: Sessions,
    private readonly notice: Notice,
  ) {}

  async transcript(format: 'markdown' | 'json'): Promise<void> {
    const session = this.sessions.active;
    if (!session) return;
    try {
      const file = await this.api.data.exportSession(session.id, format);
      downloadFile(file.filename, file.text, file.mimeType);
    } catch (error) {
      this.notice.report(error);
    }
  }

  /** The transcript and the documents in one ZIP file. */
  async zip(): Promise<boolean> {
    const sessionId = this.sessions.activeId;
    if (!sessionId) return false;
    return this.notice.attempt(async () => {
      const { filename, bytes } = await this.api.data.exportWorkspace(sessionId);
      downloadFile(filename, bytes as BlobPart, 'application/zip');
    });
  }
}
