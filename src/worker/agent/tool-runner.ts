import type { ToolCall } from '../../shared/entities';
import type { ContentService } from '../content/content-service';
import type { SearchService } from '../search/search-service';

/** A keyword_search result as the model reads it (snake_case, like every tool argument). */
export interface SearchResult {
  content_id: string;
  chunk_id: string;
  filename: string;
  score: number;
  text: string;
  start_line: number;
  end_line: number;
}

export interface ToolOutcome {
  /** JSON text for the model. */
  content: string;
  /** Set when the call failed; the model also sees it in `content`. */
  error: string | null;
}

/** Checks a call's JSON arguments against its tool's schema. */
export type ArgumentParser = (
  name: string,
  argumentsJson: string,
) => { ok: true; args: Record<string, unknown> } | { ok: false; error: string };

/**
 * Runs the built-in content-store tools (docs/architecture.md, "Content-store tools") for one session. Every call is
 * scoped to that session: an id from another session is "not found". Bad arguments and failures
 * become a tool error the model can read and correct, never an exception out of the agent loop.
 */
export class ToolRunner {
  constructor(
    private readonly content: ContentService,
    /** keyword_search runs on the session's search index, the one the search dialog uses. */
    private readonly search: Pick<SearchService, 'searchDocuments'>,
    private readonly parseArguments: ArgumentParser,
  ) {}

  async run(sessionId: string, call: ToolCall, allowedTools: string[]): Promise<ToolOutcome> {
    const name = call.function.name;
    if (!allowedTools.includes(name)) return failure(`The tool ${name} is not available to this assistant.`);
    const parsed = this.parseArguments(name, call.function.arguments);
    if (!parsed.ok) return failure(parsed.error);
    try {
      return success(await this.execute(sessionId, name, parsed.args));
    } catch (error) {
      return failure(error instanceof Error ? error.message : String(error));
    }
  }

  private async execute(sessionId: string, name: string, args: Record<string, unknown>): Promise<unknown> {
    switch (name) {
      case 'add_content': {
        const item = this.content.addText(sessionId, String(args.filename), String(args.content));
        return { content_id: item.id, filename: item.filename, line_count: item.lineCount, chunk_count: item.chunkCount };
      }
      case 'list_content': {
        const offset = Number(args.offset ?? 0);
        const limit = Number(args.limit ?? 20);
        const items = this.content.list(sessionId, offset, limit).map((item) => ({
          content_id: item.id,
          filename: item.filename,
          mime_type: item.mimeType,
          size: item.size,
          line_count: item.lineCount,
          chunk_count: item.chunkCount,
          uploaded_at: item.uploadedAt,
        }));
        return { items, offset, limit };
      }
      case 'read_content': {
        const range = this.content.readLines(sessionId, String(args.content_id), Number(args.from_line), Number(args.to_line));
        return {
          content_id: range.contentId,
          from_line: range.fromLine,
          to_line: range.toLine,
          total_lines: range.totalLines,
          text: range.text,
        };
      }
      case 'keyword_search': {
        const hits = await this.search.searchDocuments(sessionId, String(args.query), Number(args.top_n ?? 5));
        const results: SearchResult[] = hits.map((hit) => ({
          content_id: hit.contentId,
          chunk_id: hit.chunkId,
          filename: hit.filename,
          score: hit.score,
          text: hit.text,
          start_line: hit.startLine,
          end_line: hit.endLine,
        }));
        return { results };
      }
      case 'delete_content':
        this.content.delete(sessionId, String(args.content_id));
        return { deleted: String(args.content_id) };
      default:
        throw new Error(`Unknown tool ${name}.`);
    }
  }
}

const success = (value: unknown): ToolOutcome => ({ content: JSON.stringify(value), error: null });
const failure = (error: string): ToolOutcome => ({ content: JSON.stringify({ error }), error });
