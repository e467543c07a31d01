import type { Remote } from 'comlink';
import type { AssistantInput, AssistantPatch, WorkerApi } from '../../shared/api';
import type { Assistant } from '../../shared/entities';
import type { Notice } from './notice.svelte';
import type { Sessions } from './sessions.svelte';

/** The assistants, and the one the open session talks to. */
export class Assistants {
  list = $state.raw<Assistant[]>([]);
  active = $derived(this.list.find((assistant) => assistant.id === this.sessions.active?.assistantId) ?? null);

  constructor(
    private readonly api: Remote<WorkerApi>,
    private readonly sessions: Sessions,
    private readonly notice: Notice,
  ) {}

  async refresh(): Promise<void> {
    this.list = await this.api.assistants.list();
  }

  create = (input: AssistantInput): Promise<boolean> =>
    this.notice.attempt(async () => {
      await this.api.assistants.create(input);
      await this.refresh();
    });

  update = (assistantId: string, patch: AssistantPatch): Promise<boolean> =>
    this.notice.attempt(async () => {
      await this.api.assistants.update(assistantId, patch);
      await this.refresh();
    });

  delete = (assistantId: string): Promise<boolean> =>
    this.notice.attempt(async () => {
      await this.api.assistants.delete(assistantId);
      await this.refresh();
    });
}
