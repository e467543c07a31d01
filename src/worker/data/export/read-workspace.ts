import type { Repositories } from '../../db/repositories';
import type { Message } from '../../../shared/entities';
import { requireId } from '../../../shared/validate';
import { transcriptMarkdown } from './transcript';
import { workspaceZip, workspaceZipName } from './workspace-zip';
import type { ContentService } from '../../content/content-service';

const PAGE = 500;
const CONTENT_PAGE = 100;

/** A session's workspace (transcript and documents) as one ZIP file. */
export function readWorkspace(
  repos: Repositories,
  content: ContentService,
  sessionId: string,
): { filename: string; bytes: Uint8Array } {
  requireId(sessionId, 'Session id');
  const session = repos.sessions.get(sessionId);
  const messages: Message[] = [];
  let after: string | null = null;
  for (;;) {
    const slice = repos.messages.listAfter(sessionId, after, PAGE);
    messages.push(...slice.items);
    if (!slice.hasMore || slice.items.length === 0) break;
    after = slice.items.at(-1)!.id;
  }
  let assistantName = session.assistantId;
  try {
    assistantName = repos.assistants.get(session.assistantId).name;
  } catch {
    // A deleted assistant: its id stands in.
  }
  const documents = [];
  for (let offset = 0; ; offset += CONTENT_PAGE) {
    const page = content.list(sessionId, offset, CONTENT_PAGE);
    for (const item of page) {
      const full = content.get(sessionId, item.id);
      documents.push({ filename: full.filename, mimeType: full.mimeType, text: full.content });
    }
    if (page.length < CONTENT_PAGE) break;
  }
  const transcript = transcriptMarkdown({ session, assistantName, messages });
  return { filename: workspaceZipName(session.name), bytes: workspaceZip(transcript, documents) };
}
