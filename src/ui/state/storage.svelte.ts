/** Usage at or above this share of the quota counts as nearly full. */
export const NEARLY_FULL = 0.9;

export function isNearlyFull(usage: number | null, quota: number | null): boolean {
  return usage !== null && quota !== null && quota > 0 && usage / quota >= NEARLY_FULL;
}

/**
 * The browser's storage for this origin, as the UI shows it: whether it is persistent (kept
 * under storage pressure) and how much is used of how much. Persistence can only be asked for from
 * the main thread; Chromium answers by its own rules (often "no" until the site is installed or
 * used a lot, and always "no" headless), so "not granted" is a normal state, not an error.
 */
export class StorageStatus {
  persisted = $state<boolean | null>(null);
  usage = $state<number | null>(null);
  quota = $state<number | null>(null);
  nearlyFull = $derived(isNearlyFull(this.usage, this.quota));
  private asked = false;

  get supported(): boolean {
    return typeof navigator !== 'undefined' && navigator.storage !== undefined;
  }

  async refresh(): Promise<void> {
    if (!this.supported) return;
    const [persisted, estimate] = await Promise.all([
      navigator.storage.persisted?.() ?? Promise.resolve(false),
      navigator.storage.estimate?.() ?? Promise.resolve({} as StorageEstimate),
    ]);
    this.persisted = persisted;
    this.usage = estimate.usage ?? null;
    this.quota = estimate.quota ?? null;
  }

  /** Asks once per page load, when there is data worth keeping (the first saved session). */
  async requestPersistence(): Promise<void> {
    if (this.asked || !this.supported || typeof navigator.storage.persist !== 'function') return;
    this.asked = true;
    if (await navigator.storage.persisted()) {
      this.persisted = true;
      return;
    }
    this.persisted = await navigator.storage.persist().catch(() => false);
  }
}
