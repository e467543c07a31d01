import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { renderHtml } from './report-html';
import type { Report } from './report-model';

/**
 * results.json and report.html, formatted with the repository's Prettier settings so that a
 * committed report passes `prettier --check`.
 */
export async function writeOutputs(dir: string, report: Report): Promise<{ json: string; html: string }> {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'results.json');
  const html = join(dir, 'report.html');
  const config = (await resolveConfig(html)) ?? {};
  writeFileSync(json, await format(JSON.stringify(report), { ...config, filepath: json }));
  writeFileSync(html, await format(renderHtml(report), { ...config, filepath: html }));
  return { json, html };
}
