import { rowToSummary } from '../../db/sqlite/content-store-repository';
import { withoutMcpSecrets } from '../../../shared/mcp-settings';
import type { ContentItem, Session, Store } from '../../../shared/entities';
import { notFound } from '../../../shared/errors';
import { rowToChunk } from '../../db/sqlite/chunk-rows';
import { MESSAGE_COLUMNS, rowToMessage } from '../../db/sqlite/message-rows';
import { createSqliteRepositories } from '../../db/sqlite';
import type { Row, SqlClient } from '../../db/sqlite/sql-client';
import type { ArchiveContent, ArchiveSession } from './archive';

/**
 * Reads a session with everything it owns, for export. Only reads: unlike the content store's
 * `getContent`, it does not count as a use of the documents.
 */
export function readArchiveSession(sql: SqlClient, sessionId: string): ArchiveSession {
  const row = sql.get('SELECT * FROM sessions WHERE id = ?', [sessionId]);
  if (!row) throw notFound(`Session ${sessionId} does not exist.`);
  const session: Session = {
    id: String(row.id),
    name: String(row.name),
    assistantId: String(row.assistant_id),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
  const repos = createSqliteRepositories(sql);
  const found = repos.assistants.list().find((candidate) => candidate.id === session.assistantId);
  // MCP header values (tokens) never leave the device in an export.
  const assistant = found ? { ...found, modelSettings: withoutMcpSecrets(found.modelSettings) } : null;
  const messages = sql
    .all(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE session_id = ? ORDER BY created_at, rowid`, [sessionId])
    .map(rowToMessage);
  const store: Store | null = repos.contentStore.getStore(sessionId);
  const contents = sql
    .all('SELECT * FROM contents WHERE session_id = ? ORDER BY rowid', [sessionId])
    .map((content) => withChunks(sql, rowToContent(content)));
  return { session, assistant, messages, store, contents };
}

/** Every session, most recent activity first (the order the list shows). */
export function readAllSessions(sql: SqlClient): ArchiveSession[] {
  return sql
    .all('SELECT id FROM sessions ORDER BY updated_at DESC, rowid DESC')
    .map((row) => readArchiveSession(sql, String(row.id)));
}

function rowToContent(row: Row): ContentItem {
  return { ...rowToSummary(row), content: String(row.content) };
}

function withChunks(sql: SqlClient, item: ContentItem): ArchiveContent {
  const chunks = sql.all('SELECT * FROM chunks WHERE content_id = ? ORDER BY chunk_index', [item.id]).map(rowToChunk);
  return { ...item, chunks };
}
