import type { Message } from '../../shared/entities';

/**
 * A new message with every optional field empty: the one place that knows what "empty" is for
 * each column, so the chat service, the agent and its tools build messages the same way.
 */
export function newMessage(fields: Pick<Message, 'sessionId' | 'role' | 'content'> & Partial<Message>, at: number): Message {
  return {
    id: crypto.randomUUID(),
    toolCalls: null,
    toolCallId: null,
    isStreaming: false,
    thinking: null,
    thinkingSignature: null,
    assistantId: null,
    attachments: null,
    toolUse: null,
    createdAt: at,
    updatedAt: at,
    source: null,
    error: null,
    ...fields,
  };
}
