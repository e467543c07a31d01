import type { Assistant, ToolCall, ToolRef } from '../../shared/entities';
import { withoutUrlSecrets } from '../../shared/addresses';
import { countOf } from '../../shared/format';
import { sameTool } from '../../shared/tool-consent';
import type { ChangeFeed } from '../change-feed';
import type { Repositories } from '../db/repositories';
import type { McpToolbox } from './mcp/mcp-toolbox';
import type { ToolOutcome } from './tool-runner';
import { displayArguments, type ToolQuestion, type ToolQuestions } from './tool-questions';
import { ASK_FIRST_TOOLS } from './tools';

/** One tool call of an answer, and what it may reach. */
export interface GateCall {
  sessionId: string;
  assistant: Assistant;
  call: ToolCall;
  mcp: McpToolbox | undefined;
  signal: AbortSignal;
}

/** May the call run? If not, its result for the model says why; `stopped` ends the answer. */
export type Admission = { run: true; stopped?: never } | { run: false; outcome: ToolOutcome; stopped: boolean };

const refused = (error: string, stopped = false): Admission => ({
  run: false,
  outcome: { content: JSON.stringify({ error }), error },
  stopped,
});

/**
 * Asks the user before a tool call an injected prompt could abuse (a built-in tool of
 * ASK_FIRST_TOOLS, any MCP tool its server did not mark read-only), unless the user chose
 * "always allow" for that assistant and tool. A refusal is a tool error the model reads; Stop
 * while the question waits runs nothing.
 */
export class ToolGate {
  constructor(
    private readonly repos: Repositories,
    private readonly changes: ChangeFeed,
    private readonly questions: ToolQuestions,
    private readonly now: () => number = Date.now,
  ) {}

  async admit({ sessionId, assistant, call, mcp, signal }: GateCall): Promise<Admission> {
    const name = call.function.name;
    const mcpTool = mcp?.info(name);
    // An unverified server (one a restored backup brought) is not believed when it says read-only.
    const asks = mcpTool
      ? !mcpTool.readOnly || mcpTool.server.unverified === true
      : ASK_FIRST_TOOLS.has(name) && assistant.allowedTools.includes(name);
    if (!asks) return { run: true };
    // A grant names its server without the secrets of the address (a token in its query), so no
    // token is stored beside it, listed in the assistant editor or written into a salvage file.
    const serverUrl = mcpTool ? withoutUrlSecrets(mcpTool.server.url) : null;
    const ref: ToolRef = mcpTool ? { tool: mcpTool.tool, serverUrl } : { tool: name, serverUrl: null };
    if (this.repos.assistants.toolGrants(assistant.id).some((grant) => sameTool(grant, ref))) return { run: true };
    const question: ToolQuestion = {
      id: crypto.randomUUID(),
      sessionId,
      assistantId: assistant.id,
      assistantName: assistant.name,
      callId: call.id,
      tool: name,
      server: mcpTool && serverUrl ? { name: mcpTool.server.name, url: serverUrl } : null,
      arguments: displayArguments(call.function.arguments),
      summary: mcpTool ? null : this.summary(sessionId, call),
      askedAt: this.now(),
    };
    const decision = await this.questions.ask(question, signal);
    if (decision === 'stopped') return refused(`Not run: the answer was stopped before the user allowed ${name}.`, true);
    if (decision === 'refuse') {
      return refused(
        `The user refused to run ${name} with these arguments. Do not call it again for this; ask the user what they want.`,
      );
    }
    if (decision === 'always') {
      this.repos.assistants.grantTool(assistant.id, ref, this.now());
      this.changes.emit({ kind: 'assistants' });
    }
    return { run: true };
  }

  /** What a built-in call would do, in the user's words: which document delete_content deletes. */
  private summary(sessionId: string, call: ToolCall): string | null {
    let contentId: unknown;
    try {
      contentId = (JSON.parse(call.function.arguments) as { content_id?: unknown } | null)?.content_id;
    } catch {
      return null;
    }
    if (typeof contentId !== 'string') return null;
    try {
      const item = this.repos.contentStore.getContent(sessionId, contentId);
      return `Deletes the document “${item.filename}” (${countOf(item.lineCount, 'line')}) from this session. This cannot be undone.`;
    } catch {
      return 'No document of this session has this id: the call would fail.';
    }
  }
}
