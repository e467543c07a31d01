import type { Message } from '../../shared/entities';

/**
 * The words of a message as search sees them: its text, its thinking, and a tool's output as
 * plain text. JSON is flattened to its values, so a search for "name" does not hit every tool
 * result that has a `name` key (the original indexed raw JSON). Tool calls are left out: their
 * arguments repeat what the user asked (a `keyword_search` for the question's words), so an
 * assistant turn that only calls a tool would be a second hit for every such search; what the
 * tool answered is in the tool message, which is searched.
 */
export function messageSearchText(message: Pick<Message, 'role' | 'content' | 'thinking'>): string {
  const parts = [message.role === 'tool' ? jsonValuesOrText(message.content) : message.content];
  if (message.thinking) parts.push(message.thinking);
  return parts.filter((part) => part !== '').join('\n');
}

function jsonValuesOrText(text: string): string {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return text;
  try {
    const values: string[] = [];
    collectValues(JSON.parse(text) as unknown, values);
    return values.join('\n');
  } catch {
    return text;
  }
}

function collectValues(value: unknown, into: string[]): void {
  if (typeof value === 'string') into.push(value);
  else if (typeof value === 'number' || typeof value === 'boolean') into.push(String(value));
  else if (Array.isArray(value)) for (const item of value) collectValues(item, into);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) collectValues(item, into);
}
