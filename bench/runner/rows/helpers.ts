import type { Summary } from '../../shared/stats';
import { firstLine, type Outcome } from '../outcome';
import type { Measure, Row } from '../report-model';

/** Helpers shared by the row builders: a scenario that could not run still gets its row. */
export const latency = (s: Summary | undefined): Measure | undefined => (s ? { value: s.p50, p99: s.p99, n: s.n } : undefined);
export const single = (n: number | undefined): Measure | undefined => (n === undefined ? undefined : { value: n });
export const get = <T>(o: Outcome<T>): T | undefined => (o.ok ? o.value : undefined);
export const why = (...outcomes: Outcome<unknown>[]) => {
  const failed = outcomes.find((o) => !o.ok);
  return failed && !failed.ok ? firstLine(failed.error) : undefined;
};
export const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 });
export const MB = 1_000_000;
export const kB = 1_000;

type RowBase = Pick<Row, 'id' | 'group' | 'label' | 'unit' | 'better' | 'short'>;

export function row(
  base: RowBase,
  ours: Measure | undefined,
  refs: Row['refs'],
  failure: string | undefined,
  note?: string,
): Row {
  return { ...base, ours, refs, note, unavailable: ours ? undefined : (failure ?? 'no result') };
}
