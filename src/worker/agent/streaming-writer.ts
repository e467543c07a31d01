import type { Repositories } from '../db/repositories';
import type { Message } from '../../shared/entities';
import { AppError } from '../../shared/errors';
import type { ChangeFeed } from '../change-feed';
import type { TurnOutput } from './model-turn';

/** How often a growing answer is written: often enough that a closed tab loses under 0.1 s of it. */
export const WRITE_INTERVAL_MS = 100;

/**
 * Persists an assistant message while it streams: upserted with is_streaming = 1 at most every
 * WRITE_INTERVAL_MS as it grows, then once more, final, with is_streaming = 0. The UI follows
 * through change events, so a streamed answer survives its component, and even its tab.
 *
 * A write that fails (a full disk) never leaves the answer marked as being written: the growing
 * answer goes on in memory, and when the final write fails too, what was last saved is marked
 * finished with the reason, and the failure is thrown to the caller.
 */
export class StreamingWriter {
  private message: Message;
  /** The message as it was last written, if it ever was. */
  private saved: Message | null = null;
  private pending: TurnOutput | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly repos: Repositories,
    private readonly changes: ChangeFeed,
    start: Message,
    private readonly now: () => number = Date.now,
  ) {
    this.message = start;
    this.write();
  }

  get id(): string {
    return this.message.id;
  }

  update(output: TurnOutput): void {
    this.pending = output;
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.flush();
    }, WRITE_INTERVAL_MS);
  }

  /**
   * Saves the turn's output while the turn goes on (its tool calls run next): still marked as
   * being written, so the conversation keeps Stop in place of Send until `finish`.
   */
  settle(output: TurnOutput): Message {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = output;
    this.flush();
    return this.message;
  }

  /** The last write: whatever arrived, not streaming any more, with the error if there was one. */
  finish(output: TurnOutput | null, error: string | null = null): Message {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (output) this.pending = output;
    this.apply();
    this.message = { ...this.message, isStreaming: false, error, updatedAt: this.now() };
    try {
      this.write();
    } catch (failure) {
      this.markUnsaved(failure);
      throw failure;
    }
    return this.message;
  }

  private flush(): void {
    this.apply();
    this.message = { ...this.message, updatedAt: this.now() };
    try {
      this.write();
    } catch {
      // The answer keeps growing in memory; the final write tries again, and says so if it fails.
    }
  }

  /**
   * The final write failed: the saved part of the answer is marked finished with the reason
   * (a smaller write than the one that failed, so it usually fits). When even that fails, the
   * next start marks the answer interrupted (AgentService.markInterrupted).
   */
  private markUnsaved(failure: unknown): void {
    if (!this.saved) return;
    const reason =
      failure instanceof AppError && failure.code === 'StorageFull'
        ? 'Storage is full: the end of this answer could not be saved. Free some space, then retry.'
        : `The end of this answer could not be saved: ${failure instanceof Error ? failure.message : String(failure)}`;
    try {
      this.repos.messages.insert({ ...this.saved, isStreaming: false, error: reason, updatedAt: this.now() });
      this.changes.emit({ kind: 'messages', sessionId: this.message.sessionId });
    } catch {
      // Nothing more can be written now.
    }
  }

  private apply(): void {
    if (!this.pending) return;
    const { content, thinking, thinkingSignature, toolCalls } = this.pending;
    this.message = {
      ...this.message,
      content,
      thinking,
      thinkingSignature: thinkingSignature ?? this.message.thinkingSignature,
      toolCalls: toolCalls && toolCalls.length > 0 ? toolCalls : null,
    };
    this.pending = null;
  }

  private write(): void {
    this.repos.messages.insert(this.message);
    this.saved = this.message;
    this.changes.emit({ kind: 'messages', sessionId: this.message.sessionId });
  }
}
