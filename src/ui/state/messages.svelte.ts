import type { Remote } from 'comlink';
import type { WorkerApi } from '../../shared/api';
import type { Attachment } from '../../shared/entities';
import type { Conversation } from './conversation.svelte';
import type { Notice } from './notice.svelte';
import type { Sessions } from './sessions.svelte';

/** What the user does to the open session's messages: send, edit, delete, and the agent's answers. */
export class Messages {
  constructor(
    private readonly api: Remote<WorkerApi>,
    private readonly sessions: Sessions,
    private readonly conversation: Conversation,
    private readonly notice: Notice,
  ) {}

  /** Returns true once the message is saved, so the composer clears only what was kept. */
  send = async (text: string, attachments: Attachment[] = []): Promise<boolean> => {
    const sessionId = this.sessions.activeId;
    if (!sessionId) return false;
    const saved = await this.notice.attempt(async () => {
      await this.api.messages.send(sessionId, text, attachments);
    });
    if (!saved) return false;
    // Saved: the composer clears its draft now, before the list shows the message, so that a
    // reload the moment it shows never offers the sent text again as a draft.
    void this.notice.attempt(async () => {
      if (this.conversation.hasNewer) await this.conversation.openLatest(sessionId);
      else await this.conversation.refresh();
      this.conversation.scrollRequest = { kind: 'bottom' };
    });
    this.answer(() => this.api.agent.respond(sessionId));
    return true;
  };

  /** Stops the answer being written in the open session; what it wrote so far stays. */
  stop = async (): Promise<void> => {
    if (this.sessions.activeId) await this.api.agent.stop(this.sessions.activeId);
  };

  /** Asks again for an answer that failed or was interrupted. */
  retry = (messageId: string): void => this.answer(() => this.api.agent.retry(messageId));

  edit = (messageId: string, text: string): Promise<boolean> =>
    this.notice.attempt(async () => {
      await this.api.messages.edit(messageId, text);
      await this.conversation.refresh();
    });

  delete = (messageId: string): Promise<boolean> =>
    this.notice.attempt(async () => {
      await this.api.messages.delete(messageId);
      await this.conversation.refresh();
    });

  /**
   * The answer streams into the database and reaches the view through change events; this call
   * only waits for the end, to report a failure that stopped the agent before it could start.
   */
  private answer(run: () => Promise<void>): void {
    run().catch((error: unknown) => this.notice.report(error));
  }
}
