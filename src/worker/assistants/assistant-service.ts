import type { AssistantPatch, NewAssistant, Repositories } from '../db/repositories';
import type { Assistant, ToolGrant, ToolRef } from '../../shared/entities';
import { requireObject } from '../../shared/validate';
import type { ChangeFeed } from '../change-feed';

export type AssistantInput = Omit<NewAssistant, 'id' | 'createdAt'>;

export class AssistantService {
  constructor(
    private readonly repos: Repositories,
    private readonly changes: ChangeFeed,
    private readonly now: () => number = Date.now,
  ) {}

  list(): Assistant[] {
    return this.repos.assistants.list();
  }

  create(input: AssistantInput): Assistant {
    requireObject(input, 'New assistant');
    const assistant = this.repos.assistants.create({ ...input, id: crypto.randomUUID(), createdAt: this.now() });
    this.changes.emit({ kind: 'assistants' });
    return assistant;
  }

  update(assistantId: string, patch: AssistantPatch): Assistant {
    const assistant = this.repos.assistants.update(assistantId, patch, this.now());
    this.changes.emit({ kind: 'assistants' });
    return assistant;
  }

  toolGrants(assistantId: string): ToolGrant[] {
    return this.repos.assistants.toolGrants(assistantId);
  }

  revokeTool(assistantId: string, tool: ToolRef): boolean {
    const revoked = this.repos.assistants.revokeTool(assistantId, tool);
    if (revoked) this.changes.emit({ kind: 'assistants' });
    return revoked;
  }

  /** Refused with InUse while a session uses the assistant, or for the default one. */
  delete(assistantId: string): void {
    this.repos.assistants.delete(assistantId);
    this.changes.emit({ kind: 'assistants' });
  }
}
