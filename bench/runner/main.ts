import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchSizes } from '../shared/options';
import { measureAppOpen, seedBatches } from './app-open';
import { launchBrowser } from './browser';
import { runBrowserBench } from './browser-bench';
import { buildAll, buildDirs } from './build';
import { measureBundle } from './bundle-sizes';
import { parseCli, usage } from './cli';
import { measureColdStarts } from './cold-start';
import { runNative } from './native';
import { methodNotes } from './notes';
import { attempt, type Outcome } from './outcome';
import { writeOutputs } from './outputs';
import type { RawResults } from './raw-results';
import type { Report } from './report-model';
import { buildRows } from './rows/index';
import { serveStatic, type StaticServer } from './static-server';
import { renderTable } from './table';
import { judgeTargets } from './targets';

const BENCH_PORT = Number(process.env.BENCH_PORT ?? 4430);
const APP_PORT = BENCH_PORT + 1;

const loaded = Date.now();
const log = (line: string) =>
  process.stderr.write(`[${String(Math.round((Date.now() - loaded) / 1000)).padStart(3)} s] ${line}\n`);
const failed = (error: string): Outcome<never> => ({ ok: false, error });

/** `npm run bench`: builds, runs every scenario, prints the table, writes the report. Returns the exit code. */
export async function main(root: string, argv: string[]): Promise<number> {
  const options = parseCli(argv, process.env);
  if (options.help) {
    console.log(usage());
    return 0;
  }
  const { sizes, smoke } = options;
  const started = Date.now();
  const loadBefore = loadavg()[0];
  const dirs = buildDirs(join(root, 'node_modules/.cache/libragent-bench'));

  log('Building the bench page and the app (production and e2e), unless unchanged...');
  const builds = await buildAll(root, dirs, options.rebuild);
  if (!builds.bench.ok) throw new Error(builds.bench.error);
  const bundle = builds.app.ok ? await attempt(async () => measureBundle(dirs.app)) : failed(builds.app.error);

  log('Native anchor: better-sqlite3...');
  const native = await attempt(() => runNative(root, sizes));

  const servers: StaticServer[] = [];
  const browser = await launchBrowser();
  let raw: RawResults;
  try {
    const benchServer = await serveStatic(dirs.bench, BENCH_PORT, { isolated: true });
    servers.push(benchServer);
    log(`Browser scenarios on ${benchServer.url} (Chromium ${browser.version})...`);
    const inBrowser = await attempt(() => runBrowserBench(browser.context, benchServer.url, sizes, log));
    log('Cold starts...');
    const cold = inBrowser.ok
      ? await attempt(() => measureColdStarts(browser.context, benchServer.url, sizes.coldStarts))
      : failed('the browser scenarios failed');
    log('The real app: opening a long session...');
    let appOpen: RawResults['appOpen'] = failed(builds.appE2e.ok ? '' : builds.appE2e.error);
    if (builds.appE2e.ok) {
      const appServer = await serveStatic(dirs.appE2e, APP_PORT, { isolated: false, generate: seedBatches(sizes) });
      servers.push(appServer);
      appOpen = await attempt(() => measureAppOpen(browser.context, appServer.url, sizes));
    }
    raw = { native, browser: inBrowser, cold, appOpen, bundle };
  } finally {
    await browser.close();
    await Promise.all(servers.map((server) => server.close()));
  }

  const load = { before: loadBefore, after: loadavg()[0] };
  const report = buildReport(raw, sizes, smoke, browser.version, (Date.now() - started) / 1000, load);
  const out = options.outDir ?? (smoke ? join(tmpdir(), 'libragent-bench-smoke') : join(root, 'bench'));
  const files = await writeOutputs(out, report);
  console.log(renderTable(report));
  for (const error of report.errors) log(`\n${error}`);
  log(`\nWrote ${files.json} and ${files.html} (${Math.round((Date.now() - started) / 1000)} s).`);
  return smoke ? smokeCheck(report) : 0;
}

function buildReport(
  raw: RawResults,
  sizes: BenchSizes,
  smoke: boolean,
  chromium: string,
  seconds: number,
  load: { before: number; after: number },
): Report {
  const rows = buildRows(raw, sizes);
  const browser = raw.browser.ok ? raw.browser.value : undefined;
  const native = raw.native.ok ? raw.native.value : undefined;
  const errors = Object.entries(raw).flatMap(([phase, outcome]) =>
    outcome.ok || outcome.error === '' ? [] : [`${phase}: ${outcome.error}`],
  );
  return {
    generatedAt: new Date().toISOString(),
    smoke,
    environment: {
      chromium,
      node: process.version,
      cpus: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}`,
      platform: `${process.platform} ${process.arch}`,
      sqliteWasm: browser?.environment.sqliteVersion,
      sqliteNative: native?.sqliteVersion,
      crossOriginIsolated: browser?.environment.crossOriginIsolated,
      workerTimerResolutionMs: browser?.environment.timerResolutionMs,
      pragmasWasm: browser?.environment.pragmas,
      pragmasNative: native?.pragmas,
      databaseBytesWasm: browser?.databaseBytes,
      databaseBytesNative: native?.databaseBytes,
      userAgent: browser?.environment.userAgent,
      runSeconds: Math.round(seconds),
      // Other work on the machine skews every number: 1-minute load averages around the run.
      loadAverage: `${load.before.toFixed(2)} before, ${load.after.toFixed(2)} after`,
    },
    sizes: { ...sizes },
    rows,
    targets: judgeTargets(rows),
    notes: methodNotes(sizes),
    errors,
    raw,
  };
}

/** The smoke run's only assertion: every scenario produced a finite number. Never a threshold. */
function smokeCheck(report: Report): number {
  const bad = report.rows.filter(
    (row) =>
      row.unavailable || !Number.isFinite(row.ours?.value) || Object.values(row.refs).some((m) => !Number.isFinite(m?.value)),
  );
  if (bad.length === 0) {
    log(`Smoke run passed: all ${report.rows.length} scenarios produced a finite number.`);
    return 0;
  }
  log(`Smoke run FAILED: ${bad.map((row) => `${row.id} (${row.unavailable ?? 'not a finite number'})`).join(', ')}`);
  return 1;
}
