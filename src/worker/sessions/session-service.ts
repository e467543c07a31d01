import { invalidInput } from '../../shared/errors';
import type { Repositories } from '../db/repositories';
import type { Session } from '../../shared/entities';
import { requireId, requireObject } from '../../shared/validate';
import type { ChangeFeed } from '../change-feed';
import { DEFAULT_SESSION_NAME } from '../messages/chat-service';
import type { WorkspaceFolders } from './workspace-folders';

export interface CreateSessionInput {
  /**
   * The new session's id, chosen by the caller so that a create repeated after a hand-over between
   * tabs returns the session the first attempt made instead of making a second. Default: a new one.
   */
  id?: string;
  name?: string;
  assistantId?: string;
}

export class SessionService {
  constructor(
    private readonly repos: Repositories,
    private readonly folders: WorkspaceFolders,
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

  async create(input: CreateSessionInput = {}): Promise<Session> {
    requireObject(input, 'New session');
    if (input.id !== undefined) {
      const id = requireId(input.id, 'Session id');
      if (this.exists(id)) return this.repos.sessions.get(id);
    }
    const name =
      input.name === undefined || (typeof input.name === 'string' && input.name.trim() === '')
        ? DEFAULT_SESSION_NAME
        : input.name;
    const session = this.repos.sessions.create({
      id: input.id ?? crypto.randomUUID(),
      name,
      assistantId: input.assistantId ?? this.repos.assistants.getDefault().id,
      createdAt: this.now(),
    });
    this.changes.emit({ kind: 'sessions' });
    try {
      await this.folders.create(session.id);
    } catch (error) {
      // The folder is made again when something needs it; the session itself is saved.
      console.warn(`Could not create the folder of session ${session.id}:`, error);
    }
    return session;
  }

  rename(sessionId: string, name: string): Session {
    const session = this.repos.sessions.rename(sessionId, name);
    this.changes.emit({ kind: 'sessions' });
    return session;
  }

  /**
   * Session deletion (docs/architecture.md): the database part (index metadata, content store,
   * messages, the session) in one transaction, then the session's workspace folder. If the tab dies
   * between the two, the folder is an orphan that `sweepOrphanFolders` removes on the next start.
   */
  async delete(sessionId: string, onDeleted?: () => void): Promise<void> {
    this.repos.sessions.delete(sessionId);
    onDeleted?.();
    this.changes.emit({ kind: 'sessions' });
    this.changes.emit({ kind: 'messages', sessionId });
    try {
      await this.folders.remove(sessionId);
    } catch (error) {
      // The session is gone; its folder is an orphan that the next start's sweep removes.
      console.warn(`Could not remove the folder of session ${sessionId}:`, error);
    }
  }

  async sweepOrphanFolders(): Promise<number> {
    return this.folders.sweep((sessionId) => this.exists(sessionId));
  }

  private exists(sessionId: string): boolean {
    try {
      this.repos.sessions.get(sessionId);
      return true;
    } catch {
      return false;
    }
  }

  workspaceFolderExists(sessionId: string): Promise<boolean> {
    return this.folders.exists(sessionId);
  }
}
