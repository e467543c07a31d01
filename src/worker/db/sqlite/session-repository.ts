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
import type { Row, SqlClient } from './sql-client';

export class SqliteSessionRepository implements SessionRepository {
  constructor(
    private readonly sql: SqlClient,
    private readonly messages: MessageRepository,
    private readonly contentStore: ContentStoreRepository,
  ) {}

  create(session: NewSession): Session {
    requireObject(session, 'A session');
    const id = requireId(session.id, 'Session id');
    const name = requireName(session.name, 'Session name');
    const assistantId = requireId(session.assistantId, 'assistant_id');
    const createdAt = requireTimestamp(session.createdAt, 'createdAt');
    return this.sql.transaction(() => {
      if (this.find(id)) throw invalidInput(`A session with id ${id} already exists.`);
      if (this.sql.value('SELECT 1 FROM assistants WHERE id = ?', [assistantId]) === undefined) {
        throw notFound(`Assistant ${assistantId} does not exist.`);
      }
      this.sql.run('INSERT INTO sessions (id, name, assistant_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)', [
        id,
        name,
        assistantId,
        createdAt,
        createdAt,
      ]);
      return this.get(id);
    });
  }

  get(sessionId: string): Session {
    requireId(sessionId, 'Session id');
    const session = this.find(sessionId);
    if (!session) throw notFound(`Session ${sessionId} does not exist.`);
    return session;
  }

  list(options: SessionListOptions = {}): Session[] {
    const { offset, limit } = requireWindow(options, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    const query = options.nameContains === undefined ? undefined : String(options.nameContains);
    return this.sql
      .all('SELECT * FROM sessions ORDER BY updated_at DESC, rowid DESC')
      .map(rowToSession)
      .filter((session) => nameMatches(session.name, query))
      .slice(offset, offset + limit);
  }

  rename(sessionId: string, name: string): Session {
    requireId(sessionId, 'Session id');
    const clean = requireName(name, 'Session name');
    if (this.sql.run('UPDATE sessions SET name = ? WHERE id = ?', [clean, sessionId]) === 0) {
      throw notFound(`Session ${sessionId} does not exist.`);
    }
    return this.get(sessionId);
  }

  delete(sessionId: string): void {
    this.get(sessionId);
    this.sql.transaction(() => {
      this.messages.deleteBySession(sessionId);
      this.contentStore.deleteBySession(sessionId);
      this.deleteIndexMetadata(sessionId);
      this.sql.run('DELETE FROM sessions WHERE id = ?', [sessionId]);
    });
  }

  deleteIndexMetadata(sessionId: string): void {
    requireId(sessionId, 'Session id');
    this.sql.run('DELETE FROM message_index_meta WHERE session_id = ?', [sessionId]);
  }

  private find(sessionId: string): Session | undefined {
    const row = this.sql.get('SELECT * FROM sessions WHERE id = ?', [sessionId]);
    return row && rowToSession(row);
  }
}

function rowToSession(row: Row): Session {
  return {
    id: String(row.id),
    name: String(row.name),
    assistantId: String(row.assistant_id),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
