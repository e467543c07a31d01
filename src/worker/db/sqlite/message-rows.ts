import type { Attachment, JsonValue, Message, Role, ToolCall } from '../../../shared/entities';
import type { Row } from './sql-client';

export const MESSAGE_COLUMNS =
  'id, session_id, role, content, tool_calls, tool_call_id, is_streaming, thinking, thinking_signature, ' +
  'assistant_id, attachments, tool_use, created_at, updated_at, source, error';

const json = (value: unknown) => (value === null ? null : JSON.stringify(value));
const parse = <T>(value: unknown): T | null => (value === null || value === undefined ? null : (JSON.parse(String(value)) as T));
const text = (value: unknown) => (value === null || value === undefined ? null : String(value));

export function messageToParams(m: Message): (string | number | null)[] {
  return [
    m.id,
    m.sessionId,
    m.role,
    m.content,
    json(m.toolCalls),
    m.toolCallId,
    m.isStreaming ? 1 : 0,
    m.thinking,
    m.thinkingSignature,
    m.assistantId,
    json(m.attachments),
    json(m.toolUse),
    m.createdAt,
    m.updatedAt,
    m.source,
    m.error,
  ];
}

export function rowToMessage(row: Row): Message {
  return {
    id: String(row.id),
    sessionId: String(row.session_id),
    role: String(row.role) as Role,
    content: String(row.content),
    toolCalls: parse<ToolCall[]>(row.tool_calls),
    toolCallId: text(row.tool_call_id),
    isStreaming: Number(row.is_streaming) === 1,
    thinking: text(row.thinking),
    thinkingSignature: text(row.thinking_signature),
    assistantId: text(row.assistant_id),
    attachments: parse<Attachment[]>(row.attachments),
    toolUse: parse<JsonValue>(row.tool_use),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    source: text(row.source),
    error: text(row.error),
  };
}
