/**
 * A session's transcript as Markdown: what the user and the assistant wrote, the assistant's
 * reasoning, its tool calls with their arguments and results, and errors, in order. Made for a
 * person to read (and for another tool to take in), not to be imported back.
 */
import type { Message, Session } from '../../../shared/entities';
import { countOf } from '../../../shared/format';

const LABEL: Record<Message['role'], string> = { user: 'You', assistant: 'Assistant', system: 'Note', tool: 'Tool result' };

/** A fenced block whose fence is longer than any run of backticks inside it. */
function fenced(text: string, language = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${text}\n${fence}`;
}

function quoted(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? '>' : `> ${line}`))
    .join('\n');
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export interface TranscriptOptions {
  session: Session;
  assistantName: string;
  messages: readonly Message[];
  /** How times are written; ISO 8601 (UTC) by default, so files read the same everywhere. */
  formatTime?: (ms: number) => string;
}

export function transcriptMarkdown({ session, assistantName, messages, formatTime }: TranscriptOptions): string {
  const time = formatTime ?? ((ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC');
  const parts = [
    `# ${session.name}`,
    '',
    `Assistant: ${assistantName} · started ${time(session.createdAt)} · ${countOf(messages.length, 'message')}`,
  ];
  const callNames = new Map<string, string>();
  for (const message of messages) {
    const heading =
      message.role === 'tool' && message.toolCallId
        ? `## Tool result: ${callNames.get(message.toolCallId) ?? message.toolCallId}`
        : `## ${LABEL[message.role]}`;
    parts.push('', `${heading} · ${time(message.createdAt)}`, '');
    if (message.thinking) parts.push(quoted(`**Thinking:** ${message.thinking}`), '');
    if (message.role === 'tool') parts.push(fenced(prettyJson(message.content), 'json'));
    else if (message.content !== '') parts.push(message.content);
    for (const attachment of message.attachments ?? []) parts.push('', `Attached: ${attachment.filename}`);
    for (const call of message.toolCalls ?? []) {
      callNames.set(call.id, call.function.name);
      parts.push('', `**Tool call:** \`${call.function.name}\``, '', fenced(prettyJson(call.function.arguments), 'json'));
    }
    if (message.error) parts.push('', `**Failed:** ${message.error}`);
  }
  return `${parts.join('\n').trimEnd()}\n`;
}
