import { applyAssistantPatch, DEFAULT_ASSISTANT_ID, prepareAssistant } from '../assistant-input';
import { AppError, invalidInput, notFound } from '../../../shared/errors';
import type { AssistantPatch, AssistantRepository, NewAssistant } from '../repositories';
import type { Assistant, ToolGrant, ToolRef } from '../../../shared/entities';
import { requireToolRef } from '../../../shared/tool-consent';
import { requireId } from '../../../shared/validate';
import type { Row, SqlClient } from './sql-client';

export class SqliteAssistantRepository implements AssistantRepository {
  constructor(private readonly sql: SqlClient) {}

  list(): Assistant[] {
    return this.sql.all('SELECT * FROM assistants ORDER BY is_default DESC, name, rowid').map(rowToAssistant);
  }

  get(assistantId: string): Assistant {
    requireId(assistantId, 'Assistant id');
    const row = this.sql.get('SELECT * FROM assistants WHERE id = ?', [assistantId]);
    if (!row) throw notFound(`Assistant ${assistantId} does not exist.`);
    return rowToAssistant(row);
  }

  getDefault(): Assistant {
    const row = this.sql.get('SELECT * FROM assistants WHERE is_default = 1 ORDER BY rowid LIMIT 1');
    return row ? rowToAssistant(row) : this.get(DEFAULT_ASSISTANT_ID);
  }

  create(input: NewAssistant): Assistant {
    const a = prepareAssistant(input);
    return this.sql.transaction(() => {
      if (this.sql.value('SELECT 1 FROM assistants WHERE id = ?', [a.id]) !== undefined) {
        throw invalidInput(`An assistant with id ${a.id} already exists.`);
      }
      this.sql.run(
        `INSERT INTO assistants (id, name, description, system_prompt, allowed_tools, model_settings, is_default, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)`,
        [
          a.id,
          a.name,
          a.description,
          a.systemPrompt,
          JSON.stringify(a.allowedTools),
          JSON.stringify(a.modelSettings),
          a.createdAt,
          a.updatedAt,
        ],
      );
      return a;
    });
  }

  update(assistantId: string, patch: AssistantPatch, at: number): Assistant {
    const next = applyAssistantPatch(this.get(assistantId), patch, at);
    this.sql.run(
      `UPDATE assistants SET name = ?, description = ?, system_prompt = ?, allowed_tools = ?, model_settings = ?, updated_at = ?
       WHERE id = ?`,
      [
        next.name,
        next.description,
        next.systemPrompt,
        JSON.stringify(next.allowedTools),
        JSON.stringify(next.modelSettings),
        next.updatedAt,
        next.id,
      ],
    );
    return next;
  }

  delete(assistantId: string): void {
    const assistant = this.get(assistantId);
    if (assistant.isDefault) throw new AppError('InUse', 'The default assistant cannot be deleted.');
    const users = Number(this.sql.value('SELECT COUNT(1) FROM sessions WHERE assistant_id = ?', [assistantId]));
    if (users > 0) {
      throw new AppError('InUse', `${assistant.name} is used by ${users} session(s): move them to another assistant first.`);
    }
    this.sql.transaction(() => {
      this.sql.run('DELETE FROM tool_grants WHERE assistant_id = ?', [assistantId]);
      this.sql.run('DELETE FROM assistants WHERE id = ?', [assistantId]);
    });
  }

  toolGrants(assistantId: string): ToolGrant[] {
    this.get(assistantId);
    return this.sql
      .all('SELECT * FROM tool_grants WHERE assistant_id = ? ORDER BY created_at, server_url, tool', [assistantId])
      .map((row) => ({
        assistantId: String(row.assistant_id),
        tool: String(row.tool),
        serverUrl: row.server_url === '' ? null : String(row.server_url),
        createdAt: Number(row.created_at),
      }));
  }

  grantTool(assistantId: string, tool: ToolRef, at: number): void {
    this.get(assistantId);
    const { tool: name, serverUrl } = requireToolRef(tool);
    this.sql.run('INSERT OR IGNORE INTO tool_grants (assistant_id, server_url, tool, created_at) VALUES (?, ?, ?, ?)', [
      assistantId,
      serverUrl ?? '',
      name,
      at,
    ]);
  }

  revokeTool(assistantId: string, tool: ToolRef): boolean {
    this.get(assistantId);
    const { tool: name, serverUrl } = requireToolRef(tool);
    const removed = this.sql.run('DELETE FROM tool_grants WHERE assistant_id = ? AND server_url = ? AND tool = ?', [
      assistantId,
      serverUrl ?? '',
      name,
    ]);
    return removed > 0;
  }
}

function rowToAssistant(row: Row): Assistant {
  return {
    id: String(row.id),
    name: String(row.name),
    description: String(row.description),
    systemPrompt: String(row.system_prompt),
    allowedTools: JSON.parse(String(row.allowed_tools)) as string[],
    modelSettings: JSON.parse(String(row.model_settings)) as Assistant['modelSettings'],
    isDefault: Number(row.is_default) === 1,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
