import { invalidInput, notFound } from '../../../shared/errors';
import type {
  ContentStoreRepository,
  MessageRepository,
  NewSession,
  SessionListOptions,
  SessionRepository,
} from '../repositories';
import type { Session } from '../../../shared/entities';
import { nameMatches, requireId, requireName, requireObject, requireTimestamp, requireWindow } from '../../../shared/validate';
import type { MemoryDatabase } from './memory-database';
import { copy } from './memory-state';

export class MemorySessionRepository implements SessionRepository {
  constructor(
    private readonly db: MemoryDatabase,
    private readonly messages: MessageRepository,
    private readonly contentStore: ContentStoreRepository,
  ) {}

  create(session: NewSession): Session {
    requireObject(session, 'A session');
    const id = requireId(session.id, 'Session id');
    const name = requireName(session.name, 'Session name');
    const assistantId = requireId(session.assistantId, 'assistant_id');
    const createdAt = requireTimestamp(session.createdAt, 'createdAt');
    const { state } = this.db;
    if (state.sessions.has(id)) throw invalidInput(`A session with id ${id} already exists.`);
    if (!state.assistants.has(assistantId)) throw notFound(`Assistant ${assistantId} does not exist.`);
    state.sessions.set(id, { id, name, assistantId, createdAt, updatedAt: createdAt, seq: this.db.nextSeq() });
    return this.get(id);
  }

  get(sessionId: string): Session {
    requireId(sessionId, 'Session id');
    const stored = this.db.state.sessions.get(sessionId);
    if (!stored) throw notFound(`Session ${sessionId} does not exist.`);
    const { seq: _seq, ...session } = stored;
    return copy(session);
  }

  list(options: SessionListOptions = {}): Session[] {
    const { offset, limit } = requireWindow(options, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    const query = options.nameContains === undefined ? undefined : String(options.nameContains);
    return [...this.db.state.sessions.values()]
      .sort((a, b) => b.updatedAt - a.updatedAt || b.seq - a.seq)
      .filter((session) => nameMatches(session.name, query))
      .slice(offset, offset + limit)
      .map((session) => this.get(session.id));
  }

  rename(sessionId: string, name: string): Session {
    requireId(sessionId, 'Session id');
    const clean = requireName(name, 'Session name');
    const stored = this.db.state.sessions.get(sessionId);
    if (!stored) throw notFound(`Session ${sessionId} does not exist.`);
    stored.name = clean;
    return this.get(sessionId);
  }

  delete(sessionId: string): void {
    this.get(sessionId);
    this.db.transaction(() => {
      this.messages.deleteBySession(sessionId);
      this.contentStore.deleteBySession(sessionId);
      this.deleteIndexMetadata(sessionId);
      this.db.state.sessions.delete(sessionId);
    });
  }

  deleteIndexMetadata(sessionId: string): void {
    requireId(sessionId, 'Session id');
    this.db.state.indexMeta.delete(sessionId);
  }
}
