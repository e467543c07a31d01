import { DEFAULT_ASSISTANT_ID } from '../../db/assistant-input';
import { createSqliteRepositories } from '../../db/sqlite';
import type { SqlClient } from '../../db/sqlite/sql-client';
import type { Message } from '../../../shared/entities';
import type { Archive, ArchiveSession } from './archive';

export interface ImportResult {
  sessions: number;
  messages: number;
  documents: number;
  /** Ids of the sessions as saved (new ones where the file's ids were taken). */
  sessionIds: string[];
}

/**
 * Writes the sessions of a checked archive (see parseArchive) in one transaction: all of them or,
 * on any failure, none. A session whose ids (of the session, a message, a document or a chunk)
 * are already taken here, e.g. the same file imported twice, is saved under new ids throughout.
 */
export function importArchive(sql: SqlClient, archive: Archive, newId: () => string = () => crypto.randomUUID()): ImportResult {
  const repos = createSqliteRepositories(sql);
  return sql.transaction(() => {
    const result: ImportResult = { sessions: 0, messages: 0, documents: 0, sessionIds: [] };
    for (const entry of archive.sessions) {
      const saved = collides(sql, entry) ? withNewIds(entry, newId) : entry;
      writeSession(sql, saved);
      if (saved.messages.length > 0) repos.messages.insertMany(saved.messages);
      // insertMany moves the session's last activity to its newest message: put back the file's.
      sql.run('UPDATE sessions SET updated_at = ? WHERE id = ?', [saved.session.updatedAt, saved.session.id]);
      result.sessions++;
      result.messages += saved.messages.length;
      result.documents += saved.contents.length;
      result.sessionIds.push(saved.session.id);
    }
    return result;
  });
}

function exists(sql: SqlClient, table: string, id: string): boolean {
  return sql.value(`SELECT 1 FROM ${table} WHERE id = ?`, [id]) !== undefined;
}

function collides(sql: SqlClient, entry: ArchiveSession): boolean {
  return (
    exists(sql, 'sessions', entry.session.id) ||
    entry.messages.some((message) => exists(sql, 'messages', message.id)) ||
    entry.contents.some(
      (item) => exists(sql, 'contents', item.id) || item.chunks.some((chunk) => exists(sql, 'chunks', chunk.id)),
    )
  );
}

function withNewIds(entry: ArchiveSession, newId: () => string): ArchiveSession {
  const sessionId = newId();
  const contentIds = new Map(entry.contents.map((item) => [item.id, newId()]));
  const contents = entry.contents.map((item) => {
    const id = contentIds.get(item.id) as string;
    return { ...item, id, sessionId, chunks: item.chunks.map((chunk) => ({ ...chunk, id: newId(), contentId: id })) };
  });
  const messages = entry.messages.map((message): Message => ({
    ...message,
    id: newId(),
    sessionId,
    attachments:
      message.attachments?.map((attachment) => ({
        ...attachment,
        contentId: contentIds.get(attachment.contentId) ?? attachment.contentId,
      })) ?? null,
  }));
  return {
    ...entry,
    session: { ...entry.session, id: sessionId },
    store: entry.store && { ...entry.store, sessionId },
    messages,
    contents,
  };
}

function writeSession(sql: SqlClient, entry: ArchiveSession): void {
  const { session, assistant, store, contents } = entry;
  let assistantId = session.assistantId;
  if (!exists(sql, 'assistants', assistantId)) {
    if (assistant && assistant.id === assistantId) {
      sql.run(
        `INSERT INTO assistants (id, name, description, system_prompt, allowed_tools, model_settings, is_default, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)`,
        [
          assistant.id,
          assistant.name,
          assistant.description,
          assistant.systemPrompt,
          JSON.stringify(assistant.allowedTools),
          // A file's MCP servers are not taken over: connecting to them must be the user's choice.
          JSON.stringify({ ...assistant.modelSettings, mcpServers: [] }),
          assistant.createdAt,
          assistant.updatedAt,
        ],
      );
    } else {
      assistantId = DEFAULT_ASSISTANT_ID;
    }
  }
  sql.run('INSERT INTO sessions (id, name, assistant_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)', [
    session.id,
    session.name,
    assistantId,
    session.createdAt,
    session.updatedAt,
  ]);
  if (store || contents.length > 0) {
    const at = store?.createdAt ?? new Date(session.createdAt).toISOString();
    sql.run('INSERT INTO stores (session_id, name, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?)', [
      session.id,
      store?.name ?? null,
      store?.description ?? null,
      at,
      store?.updatedAt ?? at,
    ]);
  }
  for (const item of contents) {
    sql.run(
      `INSERT INTO contents (id, session_id, filename, mime_type, size, line_count, preview, uploaded_at, chunk_count, last_accessed_at, content)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        item.id,
        session.id,
        item.filename,
        item.mimeType,
        item.size,
        item.lineCount,
        item.preview,
        item.uploadedAt,
        item.chunks.length,
        item.lastAccessedAt,
        item.content,
      ],
    );
    for (const chunk of item.chunks) {
      sql.run(
        'INSERT INTO chunks (id, content_id, chunk_index, text, start_line, end_line, page, sheet) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [chunk.id, item.id, chunk.chunkIndex, chunk.text, chunk.startLine, chunk.endLine, chunk.page, chunk.sheet],
      );
    }
  }
}
