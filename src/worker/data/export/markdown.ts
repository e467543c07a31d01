import type { Message } from '../../../shared/entities';
import { countOf } from '../../../shared/format';
import type { ArchiveSession } from './archive';

const ROLE_NAMES: Record<Message['role'], string> = {
  user: 'You',
  assistant: 'Assistant',
  system: 'System',
  tool: 'Tool result',
};

function when(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

/** A fence longer than any run of backticks in `text`, so the text cannot close it. */
function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  return '`'.repeat(longest + 1);
}

/** A session as a Markdown document a person can read: messages in order, then the documents. */
export function sessionToMarkdown(entry: ArchiveSession): string {
  const { session, assistant, messages, contents } = entry;
  const lines: string[] = [`# ${session.name}`, ''];
  lines.push(
    `Started ${when(session.createdAt)}${assistant ? ` with ${assistant.name}` : ''}. ${countOf(messages.length, 'message')}.`,
    '',
  );
  for (const message of messages) {
    lines.push(`## ${ROLE_NAMES[message.role]} · ${when(message.createdAt)}`, '');
    if (message.thinking) lines.push(...message.thinking.split('\n').map((line) => `> ${line}`), '');
    if (message.role === 'tool') {
      const mark = fence(message.content);
      lines.push(mark, message.content, mark, '');
    } else if (message.content) {
      lines.push(message.content, '');
    }
    for (const call of message.toolCalls ?? [])
      lines.push(`- Called \`${call.function.name}\` with \`${call.function.arguments}\``);
    if (message.toolCalls?.length) lines.push('');
    if (message.attachments?.length) {
      lines.push(`Attached: ${message.attachments.map((attachment) => attachment.filename).join(', ')}`, '');
    }
    if (message.error) lines.push(`*Failed: ${message.error}*`, '');
  }
  if (contents.length > 0) {
    lines.push('## Documents', '');
    for (const item of contents) lines.push(`- ${item.filename} (${item.mimeType}, ${countOf(item.lineCount, 'line')})`);
    lines.push('');
  }
  return lines.join('\n');
}
