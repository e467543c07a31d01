import type { Message } from '../../shared/entities';
import type { ModelTurn, TurnOutput, TurnRequest } from './model-turn';
import type { SearchResult } from './tool-runner';

/** How many passages the offline assistant quotes. */
const PASSAGES = 3;

/**
 * The assistant that works with no provider and no network: it answers from the session's
 * documents. Like a model, it first calls `keyword_search` (a real tool call, stored and run the
 * same way), then writes its answer from the tool's result: the best passages, quoted and cited
 * by file name and line range, or a plain "nothing matched". Its answer streams like a model's.
 */
export class OfflineAssistant implements ModelTurn {
  constructor(private readonly pace: { wordsPerTick: number; tickMs: number } = { wordsPerTick: 6, tickMs: 25 }) {}

  async run({ history, signal, onUpdate }: TurnRequest): Promise<TurnOutput> {
    const last = history.at(-1);
    const searched = last?.role === 'tool' ? searchArguments(history, last.toolCallId) : undefined;
    if (!last || !searched) {
      const question = [...history].reverse().find((message) => message.role === 'user')?.content ?? '';
      const output: TurnOutput = {
        content: '',
        thinking: null,
        toolCalls: [
          {
            id: `offline-${crypto.randomUUID()}`,
            type: 'function',
            function: { name: 'keyword_search', arguments: JSON.stringify({ query: searchQuery(question), top_n: PASSAGES }) },
          },
        ],
      };
      onUpdate(output);
      return output;
    }
    const answer = composeAnswer(searched.query, parseHits(last.content));
    return this.stream(answer, signal, onUpdate);
  }

  private async stream(answer: string, signal: AbortSignal, onUpdate: (output: TurnOutput) => void): Promise<TurnOutput> {
    const words = answer.split(/(?<=\s)/);
    let content = '';
    for (let i = 0; i < words.length; i += this.pace.wordsPerTick) {
      signal.throwIfAborted();
      content += words.slice(i, i + this.pace.wordsPerTick).join('');
      onUpdate({ content, thinking: null, toolCalls: null });
      await new Promise((resolve) => setTimeout(resolve, this.pace.tickMs));
    }
    signal.throwIfAborted();
    return { content: answer, thinking: null, toolCalls: null };
  }
}

/** The arguments of the keyword_search call that `toolCallId` answers, if it was one. */
function searchArguments(history: Message[], toolCallId: string | null): { query: string } | undefined {
  for (const message of [...history].reverse()) {
    const call = message.toolCalls?.find((candidate) => candidate.id === toolCallId);
    if (call?.function.name !== 'keyword_search') continue;
    try {
      return { query: String((JSON.parse(call.function.arguments) as { query?: unknown }).query ?? '') };
    } catch {
      return { query: '' };
    }
  }
  return undefined;
}

function parseHits(content: string): SearchResult[] {
  try {
    const parsed = JSON.parse(content) as { results?: SearchResult[] };
    return Array.isArray(parsed.results) ? parsed.results : [];
  } catch {
    return [];
  }
}

/** The user's words, without the ones every question has. */
function searchQuery(question: string): string {
  const trimmed = question.trim().slice(0, 500);
  return trimmed === '' ? '*' : trimmed;
}

export function composeAnswer(query: string, hits: SearchResult[]): string {
  if (hits.length === 0) {
    return [
      `I found nothing about “${query}” in this session's documents.`,
      '',
      'Add files with **Documents → Upload files** (PDFs, spreadsheets, text), or set up a model provider in **Settings** to get answers beyond your documents.',
    ].join('\n');
  }
  const parts = ['Here is what your documents say:', ''];
  for (const hit of hits.slice(0, PASSAGES)) {
    const excerpt = hit.text.length > 600 ? `${hit.text.slice(0, 600)}…` : hit.text;
    parts.push(...excerpt.split('\n').map((line) => `> ${line}`));
    parts.push(`— **${hit.filename}**, lines ${hit.start_line}–${hit.end_line}`, '');
  }
  parts.push('_Answered offline from your documents. Set up a model provider in Settings for full answers._');
  return parts.join('\n');
}
