import type { Measure } from './report-model';

/** Three significant digits, thousands grouped: 0.192, 12.3, 63,300. */
export function num(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '-';
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en-US');
  return Number(n.toPrecision(3)).toString();
}

/** "p50 / p99" for latencies, the value alone otherwise. */
export function measure(m: Measure | undefined): string {
  if (!m) return '-';
  return m.p99 === undefined ? num(m.value) : `${num(m.value)} / ${num(m.p99)}`;
}
