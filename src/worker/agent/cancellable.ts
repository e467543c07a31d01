import { AppError, invalidInput } from '../../shared/errors';
import { requireId } from '../../shared/validate';

/**
 * Requests the user can stop (Test connection, Load models), by an id the UI chose, each ended
 * by a total deadline too. `run` gives the work one signal for both; when the user cancelled, the
 * work's failure becomes `Cancelled` with `cancelledMessage`, and when the deadline passed,
 * whatever `timedOut` says.
 */
export class Cancellable {
  private readonly running = new Map<string, AbortController>();

  async run<T>(
    requestId: string | undefined,
    options: { deadlineMs: number; cancelledMessage: string; timedOut?: () => AppError },
    work: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const controller = new AbortController();
    if (requestId !== undefined) {
      requireId(requestId, 'Request id');
      if (this.running.has(requestId)) throw invalidInput(`Request ${requestId} is already running.`);
      this.running.set(requestId, controller);
    }
    const deadline = AbortSignal.timeout(options.deadlineMs);
    try {
      return await work(AbortSignal.any([controller.signal, deadline]));
    } catch (error) {
      if (controller.signal.aborted) throw new AppError('Cancelled', options.cancelledMessage, { cause: error });
      if (deadline.aborted && options.timedOut) throw options.timedOut();
      throw error;
    } finally {
      if (requestId !== undefined) this.running.delete(requestId);
    }
  }

  /** Stops a running request; an unknown or finished one is ignored. */
  cancel(requestId: string): void {
    requireId(requestId, 'Request id');
    this.running.get(requestId)?.abort();
  }
}
