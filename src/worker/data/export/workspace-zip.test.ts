import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { newMessage } from '../../db/new-message';
import { transcriptMarkdown } from './transcript';
import { workspaceZip, workspaceZipName } from './workspace-zip';

const session = { id: 's1', name: 'Tax / questions', assistantId: 'a1', createdAt: 0, updatedAt: 0 };

describe('transcriptMarkdown', () => {
  it('writes messages, thinking, tool calls with their results, and errors in order', () => {
    const messages = [
      newMessage({ sessionId: 's1', role: 'user', content: 'How many files?' }, 1000),
      newMessage(
        {
          sessionId: 's1',
          role: 'assistant',
          content: '',
          thinking: 'List them.',
          toolCalls: [{ id: 'c1', type: 'function', function: { name: 'list_content', arguments: '{"limit":5}' } }],
        },
        2000,
      ),
      newMessage({ sessionId: 's1', role: 'tool', content: '{"items":[]}', toolCallId: 'c1' }, 3000),
      newMessage({ sessionId: 's1', role: 'assistant', content: 'None, with ``` fences.', error: 'Stopped.' }, 4000),
    ];
    const markdown = transcriptMarkdown({ session, assistantName: 'Helper', messages });
    expect(markdown).toContain('# Tax / questions\n\nAssistant: Helper · started 1970-01-01 00:00 UTC · 4 messages');
    expect(markdown).toContain('## You · 1970-01-01 00:00 UTC\n\nHow many files?');
    expect(markdown).toContain('> **Thinking:** List them.');
    expect(markdown).toContain('**Tool call:** `list_content`\n\n```json\n{\n  "limit": 5\n}\n```');
    expect(markdown).toContain('## Tool result: list_content');
    expect(markdown).toContain('**Failed:** Stopped.');
    expect(markdown.indexOf('How many')).toBeLessThan(markdown.indexOf('None, with'));
  });
});

describe('workspaceZip', () => {
  it('holds the transcript and every document, extracted ones as .txt, names made unique and safe', () => {
    const zip = workspaceZip('# T\n', [
      { filename: 'notes.md', mimeType: 'text/markdown', text: 'hello 你好' },
      { filename: 'notes.md', mimeType: 'text/markdown', text: 'second' },
      {
        filename: 'report.docx',
        mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        text: '# R',
      },
      { filename: '../../etc/pass:wd', mimeType: 'text/plain', text: 'x' },
    ]);
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual([
      'documents/notes (2).md',
      'documents/notes.md',
      'documents/pass_wd',
      'documents/report.docx.txt',
      'transcript.md',
    ]);
    expect(strFromU8(files['documents/notes.md'])).toBe('hello 你好');
    expect(strFromU8(files['transcript.md'])).toBe('# T\n');
  });

  it('names the file after the session', () => {
    expect(workspaceZipName('Tax / questions')).toBe('Tax questions workspace.zip');
    expect(workspaceZipName('Q3: plan?')).toBe('Q3 plan workspace.zip');
  });
});
