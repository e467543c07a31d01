import type { ToolDecision } from '../../shared/tool-consent';
import type { ChangeFeed } from '../change-feed';

export type { ToolDecision } from '../../shared/tool-consent';

/** A tool call waiting for the user's answer, as every tab shows it. */
export interface ToolQuestion {
  id: string;
  sessionId: string;
  assistantId: string;
  assistantName: string;
  /** The id of the tool call in the answer's message. */
  callId: string;
  /** The name the model called it by (`delete_content`, `mcp_files_delete_all`). */
  tool: string;
  /** The MCP server it would run on; null for a built-in tool. */
  server: { name: string; url: string } | null;
  /** The arguments the model sent, indented when they are JSON, with invisible characters written out. */
  arguments: string;
  /** What the call would do, when the app can tell (which document delete_content would delete). */
  summary: string | null;
  askedAt: number;
}

interface Waiting {
  question: ToolQuestion;
  settle: (decision: ToolDecision | 'stopped') => void;
}

/**
 * The questions waiting for the user, in the owner's memory only, each for as long as the answer
 * that asked it: Stop settles it as `stopped`, and when the owner tab goes, it goes with the answer
 * (which the next owner marks interrupted), so a call can never run later without a fresh answer.
 * Every change is announced as `{ kind: 'questions' }`, so every tab showing the session shows it.
 */
export class ToolQuestions {
  private readonly waiting = new Map<string, Waiting>();

  constructor(private readonly changes: ChangeFeed) {}

  /** Resolves with the user's decision, or `stopped` once `signal` aborts (the answer was stopped). */
  ask(question: ToolQuestion, signal: AbortSignal): Promise<ToolDecision | 'stopped'> {
    if (signal.aborted) return Promise.resolve('stopped');
    return new Promise((resolve) => {
      const onAbort = () => settle('stopped');
      const settle = (decision: ToolDecision | 'stopped') => {
        signal.removeEventListener('abort', onAbort);
        this.waiting.delete(question.id);
        this.changes.emit({ kind: 'questions', sessionId: question.sessionId });
        resolve(decision);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.set(question.id, { question, settle });
      this.changes.emit({ kind: 'questions', sessionId: question.sessionId });
    });
  }

  /** Every question waiting, oldest first. */
  list(): ToolQuestion[] {
    return [...this.waiting.values()].map((entry) => entry.question);
  }

  /**
   * Answers a question; false when it is no longer waiting (answered in another tab, or its answer
   * was stopped), so a second answer changes nothing.
   */
  answer(questionId: string, decision: ToolDecision): boolean {
    const entry = this.waiting.get(questionId);
    entry?.settle(decision);
    return entry !== undefined;
  }
}

/**
 * The arguments as the question shows them: indented when they are JSON (its strings then have
 * their control characters escaped), and every invisible or direction-changing character written
 * as \u escapes, so the text cannot look like something it is not.
 */
export function displayArguments(text: string): string {
  let shown = text;
  try {
    shown = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // Not JSON: shown as the model sent it.
  }
  return shown.replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, (char) =>
    char === '\n' || char === '\t' ? char : `\\u${char.codePointAt(0)!.toString(16).padStart(4, '0')}`,
  );
}
