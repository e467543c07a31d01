import type { Chunk } from '../../../shared/entities';
import type { Row } from './sql-client';

/** A `chunks` row as a Chunk: the one mapping, for the repository and the search indexer alike. */
export function rowToChunk(row: Row): Chunk {
  return {
    id: String(row.id),
    contentId: String(row.content_id),
    chunkIndex: Number(row.chunk_index),
    text: String(row.text),
    startLine: Number(row.start_line),
    endLine: Number(row.end_line),
    page: row.page === null ? null : Number(row.page),
    sheet: row.sheet === null ? null : String(row.sheet),
  };
}
