/**
 * The words of the question before a tool call an injected prompt could abuse, shared by the
 * worker and the UI: which tool (a reference for "always allow") and what the user answered.
 */
import type { ToolRef } from './entities';
import { invalidInput } from './errors';
import { requireId, requireName, requireObject, requireText } from './validate';

/** The user's answer: run it this once, run it and never ask again for this assistant and tool, or not. */
export type ToolDecision = 'allow' | 'always' | 'refuse';

const DECISIONS: readonly ToolDecision[] = ['allow', 'always', 'refuse'];

/** Checks an answer to a question from a caller; returns the question id. */
export function requireToolAnswer(questionId: unknown, decision: unknown): { questionId: string; decision: ToolDecision } {
  const id = requireId(questionId, 'Question id');
  if (!DECISIONS.includes(decision as ToolDecision)) throw invalidInput(`The answer must be one of ${DECISIONS.join(', ')}.`);
  return { questionId: id, decision: decision as ToolDecision };
}

/** An MCP server's address, as long as an address can reasonably be. */
const MAX_URL_LENGTH = 2048;

/** Checks a tool reference from a caller (the worker API passes whatever it got). */
export function requireToolRef(value: unknown): ToolRef {
  const input = requireObject<Record<string, unknown>>(value, 'Tool');
  const tool = requireName(input.tool, 'Tool name');
  if (input.serverUrl === null || input.serverUrl === undefined) return { tool, serverUrl: null };
  const serverUrl = requireText(input.serverUrl, 'Server address');
  if (serverUrl === '' || serverUrl.length > MAX_URL_LENGTH)
    throw invalidInput(`Server address must be 1 to ${MAX_URL_LENGTH} characters.`);
  return { tool, serverUrl };
}

export const sameTool = (a: ToolRef, b: ToolRef): boolean => a.tool === b.tool && a.serverUrl === b.serverUrl;
