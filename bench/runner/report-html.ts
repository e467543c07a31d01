import { QUERIES } from '../shared/queries';
import { measure, num } from './format';
import { describeRatio, REFERENCE_NAMES, speedRatio, type Reference, type Report } from './report-model';
import { budgetChart, escapeHtml as e, ratioChart, type Bar } from './svg-charts';

/** A self-contained HTML page: targets, two charts, every number, the environment. */
const REFS = Object.keys(REFERENCE_NAMES) as Reference[];

export function renderHtml(report: Report): string {
  const ratioBars: Bar[] = report.rows.flatMap((row) =>
    REFS.flatMap((ref) => {
      const ratio = speedRatio(row, ref);
      if (ratio === undefined) return [];
      return [
        {
          label: `${row.short ?? row.label} vs ${REFERENCE_NAMES[ref]}`,
          value: ratio,
          text: describeRatio(ratio),
          good: ratio >= 1,
        },
      ];
    }),
  );
  const budgetBars: Bar[] = report.targets.flatMap((t) => {
    if (t.measured === undefined) return [];
    const share = t.comparison === 'at most' ? t.measured / t.limit : t.limit / t.measured;
    return [{ label: t.label, value: share, text: `${num(t.measured)} ${t.unit}`, good: t.met === true }];
  });
  const environment = Object.entries(report.environment).map(
    ([k, v]) => `<tr><th>${e(k)}</th><td>${e(typeof v === 'string' ? v : (JSON.stringify(v) ?? 'n/a'))}</td></tr>`,
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>LibrAgent benchmark ${e(report.generatedAt)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>LibrAgent benchmark${report.smoke ? ' (smoke run: tiny sizes, do not judge the numbers)' : ''}</h1>
<p>${e(report.generatedAt)}. Chromium ${e(String(report.environment.chromium))}, Node ${e(String(report.environment.node))}, ${e(String(report.environment.cpus))} CPUs, load average ${e(String(report.environment.loadAverage))}. Sizes: ${e(
    Object.entries(report.sizes)
      .map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`)
      .join(', '),
  )}.</p>
<h2>Targets</h2>
<table><tr><th>target</th><th>measured</th><th>limit</th><th>result</th><th></th></tr>
${report.targets
  .map(
    (t) =>
      `<tr><td>${e(t.label)}</td><td>${t.measured === undefined ? '-' : `${num(t.measured)} ${e(t.unit)}`}</td><td>${e(t.comparison)} ${num(t.limit)} ${e(t.unit)}</td><td class="${t.met ? 'met' : 'missed'}">${t.met ? 'met' : 'missed'}</td><td>${e(t.detail)}</td></tr>`,
  )
  .join('\n')}
</table>
<h3>Share of each budget used (left of the line: met)</h3>
${budgetChart(budgetBars)}
<h2>The app against the references</h2>
<p>How much faster (right) or slower (left) the app's implementation is than each reference on the same work: sqlite-wasm on OPFS against native SQLite (better-sqlite3 in Node) and against IndexedDB in the same browser; the app's SearchService (minisearch per session) against FTS5. Log scale, headline values (p50 for latencies).</p>
${ratioChart(ratioBars)}
<h2>All numbers</h2>
<p>Latencies are p50 / p99 in ms unless the unit says otherwise. Queries: ${e(QUERIES.map((q) => q.label).join(', '))}.</p>
<table><tr><th>scenario</th><th>unit</th><th>app</th>${REFS.map((r) => `<th>${e(REFERENCE_NAMES[r])}</th>`).join('')}<th>note</th></tr>
${[...new Set(report.rows.map((row) => row.group))]
  .map(
    (group) =>
      `<tr><th colspan="${REFS.length + 4}" class="group">${e(group)}</th></tr>\n` +
      report.rows
        .filter((row) => row.group === group)
        .map(
          (row) =>
            `<tr><td>${e(row.label)}</td><td>${e(row.unit)}</td><td class="n">${row.unavailable ? `<span class="missed">n/a: ${e(row.unavailable)}</span>` : e(measure(row.ours))}</td>${REFS.map((r) => `<td class="n">${e(measure(row.refs[r]))}</td>`).join('')}<td>${e(row.note ?? '')}</td></tr>`,
        )
        .join('\n'),
  )
  .join('\n')}
</table>
<h2>Method notes</h2>
<ul>${report.notes.map((n) => `<li>${e(n)}</li>`).join('\n')}</ul>
${report.errors.length > 0 ? `<h2>Errors</h2>${report.errors.map((x) => `<pre>${e(x)}</pre>`).join('\n')}` : ''}
<h2>Environment</h2>
<table>${environment.join('\n')}</table>
</body>
</html>
`;
}

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #1d1d1f; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
.met { color: #107a32; font-weight: 600; }
.missed { color: #b3261e; font-weight: 600; }
svg { display: block; margin-bottom: 1.5rem; font: 12px system-ui, sans-serif; }
svg .label { text-anchor: end; fill: #333; }
svg .value { fill: #333; }
svg .axis { text-anchor: middle; fill: #777; }
svg .tick { stroke: #ccc; }
svg .limit { stroke: #b3261e; stroke-dasharray: 4 3; }
svg .good { fill: #2e9e57; }
svg .bad { fill: #e07b39; }
td.n { white-space: nowrap; }
th.group { padding-top: 1rem; font-size: 1.05em; }
pre { white-space: pre-wrap; background: #f6f6f6; padding: 0.5rem; }
`;
