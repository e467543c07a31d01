/** Percentiles by nearest rank, the usual definition for latency reports. */
export interface Summary {
  n: number;
  p50: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) return { n: 0, p50: NaN, p99: NaN, mean: NaN, min: NaN, max: NaN };
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  const total = sorted.reduce((sum, x) => sum + x, 0);
  return {
    n: sorted.length,
    p50: rank(0.5),
    p99: rank(0.99),
    mean: total / sorted.length,
    min: sorted[0],
    max: sorted[sorted.length - 1],
  };
}

export function median(samples: readonly number[]): number {
  return summarize(samples).p50;
}

export interface SampleOptions {
  /** Untimed calls first (JIT, caches); default min(5, n). */
  warmup?: number;
  /**
   * Stop early once this many ms have passed, if at least MIN_SAMPLES were taken: a slow
   * scenario (an IndexedDB OFFSET page takes ~200 ms) must not eat the run's time budget.
   */
  budgetMs?: number;
}

export const MIN_SAMPLES = 20;

/**
 * Times `fn` up to `n` times after the warm-up calls. Awaits only when `fn` returns a promise,
 * so synchronous work (the repositories) is not charged a microtask per call.
 */
export async function timeSamples(n: number, fn: (i: number) => unknown, options: SampleOptions = {}): Promise<Summary> {
  const warmup = options.warmup ?? Math.min(5, n);
  const budget = options.budgetMs ?? Infinity;
  const samples: number[] = [];
  const began = performance.now();
  for (let i = -warmup; i < n; i++) {
    if (i >= MIN_SAMPLES && performance.now() - began > budget) break;
    const start = performance.now();
    const result = fn(i < 0 ? n + i : i);
    if (result instanceof Promise) await result;
    const elapsed = performance.now() - start;
    if (i >= 0) samples.push(elapsed);
  }
  return summarize(samples);
}
