import type { AgentService } from './agent-service';
import { requireToolAnswer } from '../../shared/tool-consent';
import type { ToolQuestion } from './tool-questions';

/**
 * The agent as the rest of the worker sees it. Its code (providers, streams, tools, the MCP
 * client) is loaded the first time an answer is asked for (load-chunk.ts): most starts only read.
 * Stop and busy need no load, since nothing can run before it.
 */
export class LazyAgent {
  private agent: AgentService | undefined;
  /** Answers asked for while the code loads: they count as running already. */
  private starting = 0;

  constructor(private readonly load: () => Promise<AgentService>) {}

  /** Whether an answer is being written (or about to be) in any session. */
  get busy(): boolean {
    return this.starting > 0 || (this.agent?.busy ?? false);
  }

  respond(sessionId: string): Promise<void> {
    return this.run((agent) => agent.respond(sessionId));
  }

  retry(messageId: string): Promise<void> {
    return this.run((agent) => agent.retry(messageId));
  }

  resume(sessionId: string): Promise<void> {
    return this.run((agent) => agent.resume(sessionId));
  }

  stop(sessionId: string): boolean {
    return this.agent?.stop(sessionId) ?? false;
  }

  /** Questions can only wait in an answer, so none before the code has loaded. */
  waitingQuestions(): ToolQuestion[] {
    return this.agent?.waitingQuestions() ?? [];
  }

  /** Checked here, loaded or not: a bad answer is refused the same either way. */
  answerQuestion(questionId: unknown, decision: unknown): boolean {
    const answer = requireToolAnswer(questionId, decision);
    return this.agent?.answerQuestion(answer.questionId, answer.decision) ?? false;
  }

  private async run(work: (agent: AgentService) => Promise<void>): Promise<void> {
    this.starting++;
    let agent: AgentService;
    try {
      agent = this.agent ??= await this.load();
    } finally {
      this.starting--;
    }
    return work(agent);
  }
}
