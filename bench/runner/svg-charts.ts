/**
 * Horizontal bar charts as inline SVG strings: no script, no external asset, readable offline.
 */
export interface Bar {
  label: string;
  /** Position on the chart's scale (see each chart). */
  value: number;
  text: string;
  good: boolean;
}

const LABEL_WIDTH = 330;
const PLOT_WIDTH = 420;
const ROW = 22;

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/**
 * Bars from a centre line at 1x on a log2 scale from 1/64x to 64x: right of it the app is
 * faster than the reference, left of it slower.
 */
export function ratioChart(bars: Bar[]): string {
  const scale = (ratio: number) => (Math.max(-6, Math.min(6, Math.log2(ratio))) / 6) * (PLOT_WIDTH / 2);
  const centre = LABEL_WIDTH + PLOT_WIDTH / 2;
  const ticks = [1 / 64, 1 / 8, 1, 8, 64].map((t) => {
    const x = centre + scale(t);
    return `<line x1="${x}" x2="${x}" y1="14" y2="${20 + bars.length * ROW}" class="tick"/><text x="${x}" y="11" class="axis">${t >= 1 ? `${t}x` : `1/${1 / t}x`}</text>`;
  });
  const rows = bars.map((bar, i) => {
    const y = 20 + i * ROW;
    const dx = scale(bar.value);
    const x = dx >= 0 ? centre : centre + dx;
    return (
      `<text x="${LABEL_WIDTH - 8}" y="${y + 14}" class="label">${escapeHtml(bar.label)}</text>` +
      `<rect x="${x}" y="${y + 3}" width="${Math.max(1, Math.abs(dx))}" height="${ROW - 8}" class="${bar.good ? 'good' : 'bad'}"/>` +
      // Beside the bar, or for a long "slower" bar just right of 1x, clear of the labels.
      `<text x="${dx >= 0 ? centre + dx + 4 : centre + 4}" y="${y + 14}" class="value">${escapeHtml(bar.text)}</text>`
    );
  });
  return svg(bars.length, [...ticks, ...rows]);
}

/** Share of a budget used: bars from 0 to 2x the limit, a line at the limit (1). */
export function budgetChart(bars: Bar[]): string {
  const scale = (share: number) => (Math.max(0, Math.min(2, share)) / 2) * PLOT_WIDTH;
  const limit = LABEL_WIDTH + scale(1);
  const rows = bars.map((bar, i) => {
    const y = 20 + i * ROW;
    const width = scale(bar.value);
    return (
      `<text x="${LABEL_WIDTH - 8}" y="${y + 14}" class="label">${escapeHtml(bar.label)}</text>` +
      `<rect x="${LABEL_WIDTH}" y="${y + 3}" width="${Math.max(1, width)}" height="${ROW - 8}" class="${bar.good ? 'good' : 'bad'}"/>` +
      `<text x="${LABEL_WIDTH + width + 4}" y="${y + 14}" class="value">${escapeHtml(bar.text)}</text>`
    );
  });
  const axis = `<line x1="${limit}" x2="${limit}" y1="14" y2="${20 + bars.length * ROW}" class="limit"/><text x="${limit}" y="11" class="axis">limit</text>`;
  return svg(bars.length, [axis, ...rows]);
}

function svg(count: number, parts: string[]): string {
  const height = 28 + count * ROW;
  const width = LABEL_WIDTH + PLOT_WIDTH + 120;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">${parts.join('')}</svg>`;
}
