/**
 * Checks and completes what an upload hands the content store, for both implementations: the
 * line count and preview are computed here, once, and every chunk's line range is checked against
 * the text it claims to cover, and its text against those lines. Imports go through here too.
 */
import { makePreview, splitLines } from '../content/lines';
import { invalidInput } from '../../shared/errors';
import type { ContentItem, LineRange, NewChunk, NewContent } from '../../shared/entities';
import {
  optionalText,
  requireId,
  requireName,
  requireNonNegativeInteger,
  requireObject,
  requirePositiveInteger,
  requireText,
} from '../../shared/validate';

export interface PreparedContent {
  item: Omit<ContentItem, 'sessionId'>;
  chunks: NewChunk[];
}

export function prepareContent(content: NewContent, chunks: NewChunk[], uploadedAt: string): PreparedContent {
  requireObject(content, 'Content');
  const text = requireText(content.content, 'content');
  const lines = splitLines(text);
  const lineCount = lines.length;
  if (!Array.isArray(chunks)) throw invalidInput('chunks must be a list.');
  const item = {
    id: requireId(content.id, 'Content id'),
    filename: requireName(content.filename, 'filename'),
    mimeType: requireText(content.mimeType, 'mime_type') || 'text/plain',
    size: requireNonNegativeInteger(content.size, 'size'),
    lineCount,
    preview: content.preview === undefined ? makePreview(text) : requireText(content.preview, 'preview'),
    uploadedAt,
    chunkCount: chunks.length,
    lastAccessedAt: uploadedAt,
    content: text,
  };
  const ids = new Set<string>();
  const cleanChunks = chunks.map((chunk, index) => {
    const where = `Chunk ${index + 1}`;
    requireObject(chunk, where);
    const id = requireId(chunk.id, `${where} id`);
    if (ids.has(id)) throw invalidInput(`${where} repeats the id ${id}.`);
    ids.add(id);
    const startLine = requirePositiveInteger(chunk.startLine, `${where} start_line`);
    const endLine = requirePositiveInteger(chunk.endLine, `${where} end_line`);
    if (endLine < startLine) throw invalidInput(`${where} ends (line ${endLine}) before it starts (line ${startLine}).`);
    if (endLine > lineCount) throw invalidInput(`${where} ends at line ${endLine}, but the text has ${lineCount} lines.`);
    const chunkText = requireText(chunk.text, `${where} text`);
    // A chunk is a line range of the text (chunker.ts): a search hit shows its text as those lines.
    if (chunkText !== lines.slice(startLine - 1, endLine).join('\n')) {
      throw invalidInput(`${where}'s text is not lines ${startLine} to ${endLine} of the text.`);
    }
    const page = chunk.page === null || chunk.page === undefined ? null : requirePositiveInteger(chunk.page, `${where} page`);
    return {
      id,
      text: chunkText,
      startLine,
      endLine,
      page,
      sheet: optionalText(chunk.sheet, `${where} sheet`),
    };
  });
  return { item, chunks: cleanChunks };
}

/** Lines fromLine..toLine (1-based, inclusive) of a text; toLine past the end is clamped. */
export function sliceLines(contentId: string, filename: string, text: string, fromLine: number, toLine: number): LineRange {
  const from = requirePositiveInteger(fromLine, 'from_line (1-based)');
  const to = requirePositiveInteger(toLine, 'to_line (1-based)');
  if (to < from) throw invalidInput(`to_line (${to}) must not be before from_line (${from}).`);
  const lines = splitLines(text);
  if (from > lines.length) {
    throw invalidInput(`from_line ${from} is past the end: ${filename} has ${lines.length} lines.`);
  }
  const last = Math.min(to, lines.length);
  return { contentId, fromLine: from, toLine: last, totalLines: lines.length, text: lines.slice(from - 1, last).join('\n') };
}
