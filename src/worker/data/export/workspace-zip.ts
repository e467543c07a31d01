/**
 * One ZIP file holding a session's workspace: `transcript.md` and, under `documents/`, the text of
 * every content item. Items whose text was extracted from another format (PDF, Word, spreadsheets)
 * get `.txt` added to their name, so nobody mistakes the text for the original file.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { documentFileName, sessionFileName } from './file-names';

export interface WorkspaceDocument {
  filename: string;
  mimeType: string;
  text: string;
}

/** Text formats stored under an application/ type (see file-types.ts). */
const TEXT_APPLICATION_TYPES = new Set([
  'application/json',
  'application/jsonl',
  'application/x-ndjson',
  'application/xml',
  'application/yaml',
  'application/toml',
  'application/sql',
  'application/graphql',
  'application/x-subrip',
]);

function isExtracted(mimeType: string): boolean {
  return !(mimeType.startsWith('text/') || TEXT_APPLICATION_TYPES.has(mimeType));
}

/** `notes.md`, `notes (2).md`, … so two items with one name both survive. */
function unique(name: string, taken: Set<string>): string {
  let candidate = name;
  const dot = name.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${stem} (${n})${extension}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

export function workspaceZip(transcript: string, documents: readonly WorkspaceDocument[], at = new Date()): Uint8Array {
  const mtime = at;
  const files: Zippable = { 'transcript.md': [strToU8(transcript), { mtime }] };
  const taken = new Set<string>();
  for (const document of documents) {
    const name = documentFileName(document.filename) + (isExtracted(document.mimeType) ? '.txt' : '');
    files[`documents/${unique(name, taken)}`] = [strToU8(document.text), { mtime }];
  }
  return zipSync(files, { level: 6 });
}

/** The ZIP's file name: the session's name, made safe, e.g. `Tax questions workspace.zip`. */
export function workspaceZipName(sessionName: string): string {
  return sessionFileName(sessionName, ' workspace.zip');
}
