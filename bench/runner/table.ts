import { describeRatio, REFERENCE_NAMES, speedRatio, type Reference, type Report } from './report-model';
import { measure, num } from './format';

/** The plain-text report for the terminal: one table per group, then the targets. */
const REFS = Object.keys(REFERENCE_NAMES) as Reference[];

export function renderTable(report: Report): string {
  const lines: string[] = [];
  const header = ['scenario', 'unit', 'app (p50 / p99)', ...REFS.map((r) => REFERENCE_NAMES[r]), 'app vs reference'];
  const groups = [...new Set(report.rows.map((row) => row.group))];
  for (const group of groups) {
    const body = report.rows
      .filter((row) => row.group === group)
      .map((row) => {
        if (row.unavailable) return [row.label, row.unit, `n/a: ${row.unavailable}`, '', '', '', ''];
        const ratios = REFS.flatMap((ref) => {
          const ratio = speedRatio(row, ref);
          return ratio === undefined ? [] : [`${describeRatio(ratio)} than ${REFERENCE_NAMES[ref]}`];
        });
        return [row.label, row.unit, measure(row.ours), ...REFS.map((ref) => measure(row.refs[ref])), ratios.join('; ')];
      });
    lines.push('', `== ${group}`, ...grid([header, ...body]));
  }
  lines.push(
    '',
    '== Targets',
    ...grid([
      ['target', 'measured', 'limit', 'result', ''],
      ...report.targets.map((t) => [
        t.label,
        t.measured === undefined ? '-' : `${num(t.measured)} ${t.unit}`,
        `${t.comparison} ${num(t.limit)} ${t.unit}`,
        t.met ? 'met' : 'MISSED',
        t.detail,
      ]),
    ]),
  );
  return lines.join('\n');
}

/** Columns padded to their widest cell; CJK characters count double, as terminals draw them. */
function grid(rows: string[][]): string[] {
  const width = (text: string) => [...text].reduce((w, c) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 2 : 1), 0);
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => width(row[col] ?? ''))));
  return rows.map((row) =>
    row
      .map((cell, col) => cell + ' '.repeat(widths[col] - width(cell)))
      .join('  ')
      .trimEnd(),
  );
}
