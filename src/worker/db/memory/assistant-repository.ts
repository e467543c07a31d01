import { applyAssistantPatch, prepareAssistant } from '../assistant-input';
import { AppError, invalidInput, notFound } from '../../../shared/errors';
import type { AssistantPatch, AssistantRepository, NewAssistant } from '../repositories';
import type { Assistant, ToolGrant, ToolRef } from '../../../shared/entities';
import { requireToolRef, sameTool } from '../../../shared/tool-consent';
import { requireId } from '../../../shared/validate';
import type { MemoryDatabase } from './memory-database';
import { copy } from './memory-state';

export class MemoryAssistantRepository implements AssistantRepository {
  constructor(private readonly db: MemoryDatabase) {}

  list(): Assistant[] {
    return [...this.db.state.assistants.values()]
      .sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map(copy);
  }

  get(assistantId: string): Assistant {
    requireId(assistantId, 'Assistant id');
    const assistant = this.db.state.assistants.get(assistantId);
    if (!assistant) throw notFound(`Assistant ${assistantId} does not exist.`);
    return copy(assistant);
  }

  getDefault(): Assistant {
    const assistant = [...this.db.state.assistants.values()].find((candidate) => candidate.isDefault);
    if (!assistant) throw notFound('There is no default assistant.');
    return copy(assistant);
  }

  create(input: NewAssistant): Assistant {
    const assistant = prepareAssistant(input);
    if (this.db.state.assistants.has(assistant.id)) throw invalidInput(`An assistant with id ${assistant.id} already exists.`);
    this.db.state.assistants.set(assistant.id, assistant);
    return copy(assistant);
  }

  update(assistantId: string, patch: AssistantPatch, at: number): Assistant {
    const next = applyAssistantPatch(this.get(assistantId), patch, at);
    this.db.state.assistants.set(next.id, next);
    return copy(next);
  }

  delete(assistantId: string): void {
    const assistant = this.get(assistantId);
    if (assistant.isDefault) throw new AppError('InUse', 'The default assistant cannot be deleted.');
    const users = [...this.db.state.sessions.values()].filter((session) => session.assistantId === assistantId).length;
    if (users > 0) {
      throw new AppError('InUse', `${assistant.name} is used by ${users} session(s): move them to another assistant first.`);
    }
    this.db.state.assistants.delete(assistantId);
    this.db.state.toolGrants = this.db.state.toolGrants.filter((grant) => grant.assistantId !== assistantId);
  }

  toolGrants(assistantId: string): ToolGrant[] {
    this.get(assistantId);
    const key = (grant: ToolGrant) => [grant.createdAt, grant.serverUrl ?? '', grant.tool] as const;
    return this.db.state.toolGrants
      .filter((grant) => grant.assistantId === assistantId)
      .sort((a, b) => {
        const [x, y] = [key(a), key(b)];
        return x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : x[2] < y[2] ? -1 : x[2] > y[2] ? 1 : 0);
      })
      .map(copy);
  }

  grantTool(assistantId: string, tool: ToolRef, at: number): void {
    this.get(assistantId);
    const ref = requireToolRef(tool);
    const grants = this.db.state.toolGrants;
    if (!grants.some((grant) => grant.assistantId === assistantId && sameTool(grant, ref)))
      grants.push({ assistantId, ...ref, createdAt: at });
  }

  revokeTool(assistantId: string, tool: ToolRef): boolean {
    this.get(assistantId);
    const ref = requireToolRef(tool);
    const before = this.db.state.toolGrants.length;
    this.db.state.toolGrants = this.db.state.toolGrants.filter(
      (grant) => !(grant.assistantId === assistantId && sameTool(grant, ref)),
    );
    return this.db.state.toolGrants.length < before;
  }
}
