import { applyAssistantPatch, prepareAssistant } from '../assistant-input';
import { AppError, invalidInput, notFound } from '../../../shared/errors';
import type { AssistantPatch, AssistantRepository, NewAssistant } from '../repositories';
import type { Assistant } from '../../../shared/entities';
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
  }
}
