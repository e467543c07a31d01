import type { Assistant, ToolGrant, ToolRef } from '../../shared/entities';
import type { Services } from '../compose';
import type { AssistantPatch } from '../db/repositories';
import type { AssistantInput } from './assistant-service';

/** The assistants a session answers with: instructions, model settings, tools. */
export const assistantHandlers = (services: () => Services) => ({
  /** Every assistant, the default first. */
  list: (): Assistant[] => services().assistants.list(),

  /** A new assistant. */
  create: (input: AssistantInput): Assistant => services().assistants.create(input),

  /** Changes the given fields of an assistant; the rest keep their values. */
  update: (assistantId: string, patch: AssistantPatch): Assistant => services().assistants.update(assistantId, patch),

  /** Deletes an assistant; refused with `InUse` while a session uses it, and for the default one. */
  delete: (assistantId: string): void => services().assistants.delete(assistantId),

  /** The tools the user chose "always allow" for with this assistant: they run without asking. */
  toolGrants: (assistantId: string): ToolGrant[] => services().assistants.toolGrants(assistantId),

  /** The tool asks before each call again; false if it was not always allowed. */
  revokeTool: (assistantId: string, tool: ToolRef): boolean => services().assistants.revokeTool(assistantId, tool),
});
