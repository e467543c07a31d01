import { isAbortError } from '../content/cancellation';
import { AppError, invalidInput } from '../../shared/errors';
import type { Repositories } from '../db/repositories';
import { newMessage } from '../db/new-message';
import type { Assistant } from '../../shared/entities';
import type { ChangeFeed } from '../change-feed';
import { titleFrom } from '../messages/chat-service';
import { mcpServersOf } from '../../shared/mcp-settings';
import { toolsFor } from './tools';
import type { McpServerConfig } from './mcp/mcp-client';
import { McpToolbox } from './mcp/mcp-toolbox';
import type { ModelTurn } from './model-turn';
import { OfflineAssistant } from './offline-assistant';
import { StreamingWriter } from './streaming-writer';
import type { ToolGate } from './tool-gate';
import type { ToolOutcome, ToolRunner } from './tool-runner';
import type { ToolDecision, ToolQuestion, ToolQuestions } from './tool-questions';

/** A title that takes longer than this is not worth waiting for: the first words stay. */
const TITLE_TIMEOUT_MS = 20_000;
/** Messages read back for each turn at most; the history builder trims to the user's settings. */
const HISTORY_WINDOW = 500;

/** How long one answer may work, from the user's settings. */
export interface AnswerLimits {
  /** Model turns per answer: tool-call rounds end here even if the model keeps asking for tools. */
  maxSteps: number;
  /** Tool calls per answer, over all its turns (one turn can ask for many). */
  maxToolCalls: number;
}

/**
 * The agent loop, in the worker: it asks the session's assistant (a provider's model, or the
 * offline assistant) for an answer, persists it while it streams, runs the tools it calls, stores
 * each result as a `tool` message, and goes on until a final answer or its limits. A call an
 * injected prompt could abuse waits for the user's answer first (tool-gate.ts). One answer at a
 * time per session; Stop aborts it and keeps what was written.
 */
export class AgentService {
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly repos: Repositories,
    private readonly changes: ChangeFeed,
    private readonly tools: ToolRunner,
    private readonly gate: ToolGate,
    private readonly questions: ToolQuestions,
    private readonly turnFor: (assistant: Assistant) => ModelTurn,
    private readonly limits: () => AnswerLimits,
    private readonly now: () => number = Date.now,
    private readonly openMcp: (servers: McpServerConfig[], signal: AbortSignal) => Promise<McpToolbox> = McpToolbox.open,
  ) {}

  /** Answers the session's latest message. Resolves when the answer is complete, stopped or failed. */
  async respond(sessionId: string): Promise<void> {
    const session = this.repos.sessions.get(sessionId);
    if (this.running.has(sessionId))
      throw new AppError('Busy', 'An answer is already being written in this session: stop it first.');
    const controller = new AbortController();
    this.running.set(sessionId, controller);
    let finalAnswer: { turn: ModelTurn; content: string } | undefined;
    let mcp: McpToolbox | undefined;
    try {
      const assistant = this.repos.assistants.get(session.assistantId);
      const turn = this.turnFor(assistant);
      const { maxSteps: steps, maxToolCalls } = this.limits();
      let callsLeft = maxToolCalls;
      const servers = turn instanceof OfflineAssistant ? [] : mcpServersOf(assistant.modelSettings);
      if (servers.length > 0) {
        mcp = await this.openMcp(servers, controller.signal);
        for (const problem of mcp.problems)
          this.notice(sessionId, `The MCP server “${problem.server}” was left out of this answer. ${problem.message}`);
      }
      const tools = [...toolsFor(assistant.allowedTools), ...(mcp?.tools ?? [])];
      for (let step = 0; step < steps; step++) {
        const writer = this.startMessage(sessionId, assistant.id);
        let output;
        try {
          output = await turn.run({
            sessionId,
            assistant,
            history: this.repos.messages.listBefore(sessionId, writer.id, HISTORY_WINDOW).items,
            tools,
            signal: controller.signal,
            onUpdate: (partial) => writer.update(partial),
          });
        } catch (error) {
          if (isAbortError(error) || controller.signal.aborted) writer.finish(null);
          else writer.finish(null, error instanceof Error ? error.message : String(error));
          return;
        }
        if (!output.toolCalls?.length) {
          const message = writer.finish(output);
          finalAnswer = { turn, content: message.content };
          return;
        }
        // The turn goes on while its tools run: the message stays marked as being written, so
        // the conversation keeps Stop (a long MCP call can be stopped) and no Send between steps.
        const message = writer.settle(output);
        let capped = false;
        try {
          for (const call of message.toolCalls ?? []) {
            if (controller.signal.aborted) return;
            if (callsLeft === 0) {
              // Every call gets a result, so the history stays one a provider accepts.
              const error = `Not run: this answer reached its limit of ${maxToolCalls} tool calls.`;
              this.storeToolResult(sessionId, call.id, { content: JSON.stringify({ error }), error });
              capped = true;
              continue;
            }
            callsLeft--;
            const admission = await this.gate.admit({ sessionId, assistant, call, mcp, signal: controller.signal });
            if (admission.stopped) {
              this.storeStoppedCall(sessionId, call.id, admission.outcome);
              return;
            }
            if (!admission.run) {
              this.storeToolResult(sessionId, call.id, admission.outcome);
              continue;
            }
            const outcome = mcp?.has(call.function.name)
              ? await mcp.call(call, controller.signal)
              : await this.tools.run(sessionId, call, assistant.allowedTools);
            this.storeToolResult(sessionId, call.id, outcome);
          }
        } finally {
          writer.finish(null);
        }
        if (capped) {
          this.startMessage(sessionId, null).finish(
            { content: '', thinking: null, toolCalls: null },
            `Stopped after ${maxToolCalls} tool calls: the assistant kept calling tools without answering. Raise the limit in Settings if it needs more.`,
          );
          return;
        }
      }
      this.startMessage(sessionId, null).finish(
        { content: '', thinking: null, toolCalls: null },
        `Stopped after ${steps} steps: the assistant kept calling tools without answering. Raise the limit in Settings if it needs more.`,
      );
    } finally {
      await mcp?.close();
      this.running.delete(sessionId);
      // Named in the background, after the session is free: the next message must not wait for it.
      if (finalAnswer) void this.nameSession(sessionId, finalAnswer.turn, finalAnswer.content);
    }
  }

  /**
   * Answers the session's latest message only if it is a question nobody has begun to answer: what
   * a tab asks again when the tab that was to answer closed before it could (see call-policy.ts).
   */
  async resume(sessionId: string): Promise<void> {
    this.repos.sessions.get(sessionId);
    const latest = this.repos.messages.listBefore(sessionId, null, 1).items[0];
    if (latest?.role !== 'user' || this.running.has(sessionId)) return;
    await this.respond(sessionId);
  }

  /** Stops the answer being written in the session; what was written so far is kept. */
  stop(sessionId: string): boolean {
    const controller = this.running.get(sessionId);
    controller?.abort();
    return controller !== undefined;
  }

  /** The tool calls waiting for the user's answer, in every session. */
  waitingQuestions(): ToolQuestion[] {
    return this.questions.list();
  }

  /** Answers a question before a tool call; false when it no longer waits (answered elsewhere, or stopped). */
  answerQuestion(questionId: string, decision: ToolDecision): boolean {
    return this.questions.answer(questionId, decision);
  }

  isRunning(sessionId: string): boolean {
    return this.running.has(sessionId);
  }

  /** Whether an answer is being written in any session. */
  get busy(): boolean {
    return this.running.size > 0;
  }

  /** Replaces a failed or interrupted answer, the latest message of its session, with a new one. */
  async retry(messageId: string): Promise<void> {
    const message = this.repos.messages.get(messageId);
    if (message.role !== 'assistant') throw invalidInput('Only an answer of the assistant can be retried.');
    const latest = this.repos.messages.listBefore(message.sessionId, null, 1).items[0];
    if (latest?.id !== message.id) throw invalidInput('Only the latest answer can be retried.');
    if (this.running.has(message.sessionId)) throw new AppError('Busy', 'An answer is already being written in this session.');
    this.repos.messages.deleteById(messageId);
    this.changes.emit({ kind: 'messages', sessionId: message.sessionId });
    await this.respond(message.sessionId);
  }

  /**
   * After the first exchange of a session, a model names it (the first words of the question
   * already stand in, from ChatService). A failed title request changes nothing.
   */
  private async nameSession(sessionId: string, turn: ModelTurn, answer: string): Promise<void> {
    if (!turn.title || answer.trim() === '') return;
    const users = this.repos.messages.listAfter(sessionId, null, 3).items.filter((message) => message.role === 'user');
    // Only a title made from the question's first words is replaced: never one the user chose.
    if (users.length !== 1 || this.repos.sessions.get(sessionId).name !== titleFrom(users[0].content)) return;
    try {
      const title = (await turn.title(users[0].content, answer, AbortSignal.timeout(TITLE_TIMEOUT_MS)))
        .replace(/["“”*#]/g, '')
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 60);
      if (title === '') return;
      this.repos.sessions.rename(sessionId, title);
      this.changes.emit({ kind: 'sessions' });
    } catch {
      // The question's first words remain the title.
    }
  }

  /** A line for the user in the conversation (a system message: never sent to the model). */
  private notice(sessionId: string, text: string): void {
    this.repos.messages.insert(newMessage({ sessionId, role: 'system', content: text, source: 'agent' }, this.now()));
    this.changes.emit({ kind: 'messages', sessionId });
  }

  private startMessage(sessionId: string, assistantId: string | null): StreamingWriter {
    const message = newMessage(
      { sessionId, role: 'assistant', content: '', isStreaming: true, assistantId, source: 'agent' },
      this.now(),
    );
    return new StreamingWriter(this.repos, this.changes, message, this.now);
  }

  /** Deleting a session stops its answer too: then there is nowhere left to say the call did not run. */
  private storeStoppedCall(sessionId: string, toolCallId: string, outcome: ToolOutcome): void {
    try {
      this.storeToolResult(sessionId, toolCallId, outcome);
    } catch {
      // The session is gone, and its question with it.
    }
  }

  private storeToolResult(sessionId: string, toolCallId: string, outcome: ToolOutcome): void {
    const message = newMessage(
      { sessionId, role: 'tool', content: outcome.content, toolCallId, source: 'tool', error: outcome.error },
      this.now(),
    );
    this.repos.messages.insert(message);
    this.changes.emit({ kind: 'messages', sessionId });
  }
}
