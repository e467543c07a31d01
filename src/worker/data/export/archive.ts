import type { Assistant, Chunk, ContentItem, Message, Session, Store } from '../../../shared/entities';

/** Our JSON export format; `version` changes whenever its shape does. */
export const ARCHIVE_FORMAT = 'libragent-web';
export const ARCHIVE_VERSION = 1;

export interface ArchiveContent extends ContentItem {
  chunks: Chunk[];
}

/** One session with everything it owns. Never an API key: those live in settings, not here. */
export interface ArchiveSession {
  session: Session;
  /** The session's assistant, so an import on another device can recreate it. */
  assistant: Assistant | null;
  messages: Message[];
  store: Store | null;
  contents: ArchiveContent[];
}

export interface Archive {
  format: typeof ARCHIVE_FORMAT;
  version: typeof ARCHIVE_VERSION;
  exportedAt: string;
  sessions: ArchiveSession[];
}

export function makeArchive(sessions: ArchiveSession[], now = new Date()): Archive {
  return { format: ARCHIVE_FORMAT, version: ARCHIVE_VERSION, exportedAt: now.toISOString(), sessions };
}
