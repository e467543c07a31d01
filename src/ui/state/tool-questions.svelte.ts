import type { Remote } from 'comlink';
import type { ToolDecision, ToolQuestion, WorkerApi } from '../../shared/api';
import type { Notice } from './notice.svelte';
import type { Sessions } from './sessions.svelte';

/**
 * The tool calls waiting for the user's answer before they run, read from the tab that runs the
 * answers whenever one is asked or settled, in this tab or another: so any tab showing the session
 * can answer, and an answer given in one tab takes the question away in all of them.
 */
export class ToolQuestions {
  all = $state.raw<ToolQuestion[]>([]);
  /** The open session's questions, oldest first. */
  active = $derived(this.all.filter((question) => question.sessionId === this.sessions.activeId));
  /** The question being answered right now, so its buttons cannot send a second answer. */
  answering = $state<string | null>(null);
  /** Reads overlap when events come fast: only the newest read's answer is kept. */
  private reads = 0;

  constructor(
    private readonly api: Remote<WorkerApi>,
    private readonly sessions: Sessions,
    private readonly notice: Notice,
  ) {}

  async refresh(): Promise<void> {
    const read = ++this.reads;
    const questions = await this.api.agent.questions();
    if (read === this.reads) this.all = questions;
  }

  /** A question already answered in another tab, or whose answer was stopped, just goes away. */
  answer = (question: ToolQuestion, decision: ToolDecision): Promise<boolean> =>
    this.notice.attempt(async () => {
      this.answering = question.id;
      try {
        await this.api.agent.answer(question.id, decision);
        await this.refresh();
      } finally {
        this.answering = null;
      }
    });
}
