import type { Services } from '../compose';
import { McpTests, type McpToolSummary } from './mcp/mcp-test';
import type { McpServerConfig } from './mcp/mcp-client';
import type { ProviderInput, ProviderView } from './providers/provider-settings';
import type { ToolDecision, ToolQuestion } from './tool-questions';

/**
 * The agent, in the tab that owns the database. An answer is persisted while it streams (watch it
 * through `onChange`); a call resolves when the answer is complete, stopped, failed, or cut off by
 * its tab closing (then the next owner marks it interrupted).
 */
export const agentHandlers = (services: () => Services) => ({
  /** Has the session's assistant answer its latest message; resolves when the answer has ended. */
  respond: (sessionId: string): Promise<void> => services().agent.respond(sessionId),

  /** Stops the answer being written in the session, keeping what was written; false if none was. */
  stop: (sessionId: string): boolean => {
    services().sessions.get(sessionId);
    return services().agent.stop(sessionId);
  },

  /** Replaces a failed or interrupted latest answer with a new one. */
  retry: (messageId: string): Promise<void> => services().agent.retry(messageId),

  /**
   * Answers the latest message only if it is a question nobody has begun to answer: what a call of
   * `respond` becomes when the tab that was to answer it went away.
   */
  resume: (sessionId: string): Promise<void> => services().agent.resume(sessionId),

  /**
   * The tool calls waiting for the user before they run (a tool an injected prompt could abuse),
   * in every session; watch `{ kind: 'questions' }` changes. They live as long as their answer.
   */
  questions: (): ToolQuestion[] => services().agent.waitingQuestions(),

  /**
   * Answers a question: `allow` runs this call, `always` also records "always allow" for the
   * assistant and tool, `refuse` gives the model a tool error. False when the question no longer
   * waits (answered in another tab, or its answer was stopped): nothing happens then.
   */
  answer: (questionId: string, decision: ToolDecision): boolean => services().agent.answerQuestion(questionId, decision),
});

/** The model providers (OpenAI-compatible, Anthropic, Gemini); keys stay in this device's database. */
export const providerHandlers = (services: () => Services) => ({
  /** Every provider, with its key masked. */
  list: (): ProviderView[] => services().providers.list(),

  /**
   * Adds a provider, or changes the one with `input.id`. Without `apiKey` the saved key is kept,
   * and only while the address stays on the same origin: a key is never sent anywhere else.
   */
  save: (input: ProviderInput): ProviderView => services().providers.save(input),

  /** Deletes a provider; refused with `InUse` while an assistant uses it. */
  delete: (providerId: string): void => services().providers.delete(providerId),

  /**
   * The models the provider offers, asked of its /models endpoint, within 30 s in all.
   * `cancelModels` with the same `requestId` stops it (the call rejects with `Cancelled`).
   */
  models: (providerId: string, requestId?: string): Promise<string[]> => services().providers.models(providerId, requestId),

  /** Stops a running `models` request; an unknown or finished one is ignored. */
  cancelModels: (requestId: string): void => services().providers.cancelModels(requestId),
});

/** The MCP servers an assistant's answers may call tools of. */
export const mcpHandlers = (tests = new McpTests()) => ({
  /**
   * Connects to an MCP server (saved or being edited) and lists its tools, within the server's
   * timeout in all. `cancelTest` with the same `testId` stops it (the call rejects with `Cancelled`).
   */
  test: (server: McpServerConfig, testId?: string): Promise<McpToolSummary[]> => tests.run(server, testId),

  /** Stops a running test; an unknown or finished one is ignored. */
  cancelTest: (testId: string): void => tests.cancel(testId),
});
