import type { SearchService } from './search-service';

/** How soon after start the vocabulary is loaded: after the first screen has its data. */
const WARM_UP_DELAY_MS = 1_000;

/**
 * The indexing pass (docs/architecture.md, "Indexing pass"): loads the vocabulary shortly after
 * start and takes in what waits, then compacts the index every `intervalMs()` (read again each
 * time, so a new setting applies at the next pass). One per database owner; `stop` ends it.
 */
export class IndexingSchedule {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(
    private readonly search: SearchService,
    private readonly intervalMs: () => number,
  ) {}

  start(): void {
    this.timer = setTimeout(() => void this.warmUpThenLoop(), WARM_UP_DELAY_MS);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async warmUpThenLoop(): Promise<void> {
    await this.guarded(() => this.search.warmUp());
    await this.guarded(() => this.search.runIndexingPass());
    this.scheduleNext();
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    this.timer = setTimeout(async () => {
      await this.guarded(() => this.search.runIndexingPass());
      this.scheduleNext();
    }, this.intervalMs());
  }

  /** A failed pass (a full disk, say) is reported and tried again at the next interval. */
  private async guarded(work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      console.warn('The search indexing pass failed; it runs again at the next interval.', error);
    }
  }
}
