import { DEFAULT_ASSISTANT_ID } from '../../db/assistant-input';
import { invalidInput } from '../../../shared/errors';
import { newMessage } from '../../db/new-message';
import type { Message } from '../../../shared/entities';
import { makeArchive, type Archive, type ArchiveSession } from './archive';
import { MAX_NAME_LENGTH } from '../../../shared/validate';

/** The parts of ChatGPT's `conversations.json` (from "Export data") that we read. */
interface ChatGptNode {
  id?: string;
  parent?: string | null;
  message?: {
    author?: { role?: string };
    content?: { content_type?: string; parts?: unknown[]; text?: unknown };
    create_time?: number | null;
    metadata?: { is_visually_hidden_from_conversation?: boolean };
  } | null;
}

interface ChatGptConversation {
  title?: string | null;
  create_time?: number | null;
  update_time?: number | null;
  mapping?: Record<string, ChatGptNode>;
  current_node?: string | null;
}

/** Whether a parsed JSON file looks like ChatGPT's `conversations.json`. */
export function isChatGptExport(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((item) => typeof item === 'object' && item !== null && 'mapping' in item && typeof item.mapping === 'object')
  );
}

/**
 * Turns ChatGPT's export into our archive: one session per conversation holding its visible
 * branch (from `current_node` back to the root: the answers the user last saw, not the
 * regenerated alternatives), user and assistant messages only, without system, hidden, tool or
 * empty ones, keeping their times.
 */
export function fromChatGpt(value: unknown, newId: () => string = () => crypto.randomUUID(), now = Date.now()): Archive {
  if (!isChatGptExport(value)) {
    throw invalidInput('This is not ChatGPT\'s conversations.json: expected a list of conversations with a "mapping".');
  }
  const sessions = (value as ChatGptConversation[]).map((conversation, index) => toSession(conversation, index, newId, now));
  return makeArchive(sessions, new Date(now));
}

function toSession(conversation: ChatGptConversation, index: number, newId: () => string, now: number): ArchiveSession {
  const sessionId = newId();
  const createdAt = seconds(conversation.create_time) ?? now;
  const messages: Message[] = [];
  let last = createdAt - 1;
  for (const node of visibleBranch(conversation)) {
    const message = node.message;
    const role = message?.author?.role;
    if (!message || (role !== 'user' && role !== 'assistant')) continue;
    if (message.metadata?.is_visually_hidden_from_conversation) continue;
    const text = textOf(message.content);
    if (text.trim() === '') continue;
    // Keep the order even where times are missing or equal: created_at orders the history.
    const at = Math.max(seconds(message.create_time) ?? last + 1, last + 1);
    last = at;
    messages.push(
      newMessage(
        {
          id: newId(),
          sessionId,
          role,
          content: text,
          source: 'chatgpt-import',
          assistantId: role === 'assistant' ? DEFAULT_ASSISTANT_ID : null,
        },
        at,
      ),
    );
  }
  const updatedAt = Math.max(seconds(conversation.update_time) ?? createdAt, last, createdAt);
  const name =
    typeof conversation.title === 'string' && conversation.title.trim()
      ? shortened(conversation.title.trim())
      : `ChatGPT conversation ${index + 1}`;
  return {
    session: { id: sessionId, name, assistantId: DEFAULT_ASSISTANT_ID, createdAt, updatedAt },
    assistant: null,
    messages,
    store: null,
    contents: [],
  };
}

/** The nodes from the root to `current_node`, in order; guards against loops in a damaged file. */
function visibleBranch(conversation: ChatGptConversation): ChatGptNode[] {
  const mapping = conversation.mapping ?? {};
  const branch: ChatGptNode[] = [];
  const seen = new Set<string>();
  let id = conversation.current_node ?? undefined;
  while (id && mapping[id] && !seen.has(id)) {
    seen.add(id);
    branch.push(mapping[id]);
    id = mapping[id].parent ?? undefined;
  }
  return branch.reverse();
}

function textOf(content: NonNullable<ChatGptNode['message']>['content']): string {
  if (!content) return '';
  const type = content.content_type ?? 'text';
  if (type !== 'text' && type !== 'multimodal_text') return '';
  const parts = Array.isArray(content.parts) ? content.parts : typeof content.text === 'string' ? [content.text] : [];
  return parts.filter((part): part is string => typeof part === 'string').join('\n\n');
}

function seconds(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value * 1000) : null;
}

/** A title as long as a session name may be: cut on a code point, never refused (it is ours to make). */
function shortened(title: string): string {
  if (title.length <= MAX_NAME_LENGTH) return title;
  let cut = '';
  for (const codePoint of title) {
    if (cut.length + codePoint.length > MAX_NAME_LENGTH - 1) break;
    cut += codePoint;
  }
  return `${cut.trimEnd()}…`;
}
