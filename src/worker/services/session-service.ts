import { invalidInput } from '../../lib/db/errors';
import type { Repositories } from '../../lib/db/repositories';
import type { Session } from '../../lib/db/types';
import { requireObject } from '../../lib/db/validate';
import type { ChangeFeed } from '../change-feed';

export interface CreateSessionInput {
  name?: string;
  assistantId?: string;
}

export class SessionService {
  constructor(
    private readonly repos: Repositories,
    private readonly changes: ChangeFeed,
    private readonly now: () => number = Date.now,
  ) {}

  list(nameContains?: string): Session[] {
    if (nameContains !== undefined && typeof nameContains !== 'string') throw invalidInput('The filter must be text.');
    return this.repos.sessions.list({ nameContains });
  }

  get(sessionId: string): Session {
    return this.repos.sessions.get(sessionId);
  }

  create(input: CreateSessionInput = {}): Session {
    requireObject(input, 'New session');
    const session = this.repos.sessions.create({
      id: crypto.randomUUID(),
      name: input.name ?? 'New session',
      assistantId: input.assistantId ?? this.repos.assistants.getDefault().id,
      createdAt: this.now(),
    });
    this.changes.emit({ kind: 'sessions' });
    return session;
  }

  rename(sessionId: string, name: string): Session {
    const session = this.repos.sessions.rename(sessionId, name);
    this.changes.emit({ kind: 'sessions' });
    return session;
  }

  delete(sessionId: string): void {
    this.repos.sessions.delete(sessionId);
    this.changes.emit({ kind: 'sessions' });
    this.changes.emit({ kind: 'messages', sessionId });
  }
}
