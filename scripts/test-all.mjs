// Runs every test runner (Vitest, Playwright, then the benchmark's smoke run), whatever the others
// say, and ends with one line of totals taken from their JSON reports: `tests: N passed, M failed`.
// Exits non-zero when anything failed or a runner produced no report.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const runners = [
  {
    name: 'vitest',
    command: ['npx', 'vitest', 'run'],
    report: 'test-results/vitest.json',
    count: (json) => ({
      passed: json.numPassedTests,
      failed: json.numFailedTests,
      skipped: json.numPendingTests + json.numTodoTests,
    }),
  },
  {
    name: 'playwright',
    command: ['npx', 'playwright', 'test'],
    report: 'test-results/playwright.json',
    count: (json) => ({
      passed: json.stats.expected + json.stats.flaky,
      failed: json.stats.unexpected,
      skipped: json.stats.skipped,
    }),
  },
  {
    // The benchmark itself is not a test; a tiny run of its harness is: every scenario must
    // produce a finite number (no timing is judged). It counts as one test.
    name: 'bench smoke',
    command: ['node', 'bench/run.mjs', '--smoke'],
    report: null,
  },
];

/**
 * The browser tests need a Chromium: $CHROMIUM_PATH, Debian's /usr/bin/chromium, or Playwright's
 * own. On a fresh Debian machine where we are root, install Debian's rather than fail.
 */
function ensureChromium() {
  if (process.env.CHROMIUM_PATH || existsSync('/usr/bin/chromium')) return;
  const playwrightOwn = spawnSync('npx', ['playwright', 'install', '--dry-run', 'chromium'], { encoding: 'utf8' });
  const ownPath = /Install location:\s+(\S+)/.exec(playwrightOwn.stdout ?? '')?.[1];
  if (ownPath && existsSync(ownPath)) return;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log("No Chromium found: installing Debian's chromium package for the browser tests...");
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (existsSync('/usr/bin/chromium')) return;
  }
  console.error(
    'No Chromium for the browser tests. Install one (`sudo apt-get install chromium` or `npx playwright install chromium`), or set CHROMIUM_PATH.',
  );
}

ensureChromium();

const totals = { passed: 0, failed: 0, skipped: 0 };
let broken = false;

for (const runner of runners) {
  if (runner.report) rmSync(runner.report, { force: true });
  const [command, ...args] = runner.command;
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (!runner.report) {
    const passed = result.status === 0 ? 1 : 0;
    console.log(`${runner.name}: ${passed} passed, ${1 - passed} failed`);
    totals.passed += passed;
    totals.failed += 1 - passed;
    broken ||= passed === 0;
    continue;
  }
  if (!existsSync(runner.report)) {
    console.error(`${runner.name}: no report at ${runner.report} (exit ${result.status}); counting it as failed.`);
    broken = true;
    totals.failed += 1;
    continue;
  }
  const counts = runner.count(JSON.parse(readFileSync(runner.report, 'utf8')));
  console.log(`${runner.name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  if (result.status !== 0 && counts.failed === 0) {
    // e.g. its web server could not start: count the runner itself as a failure, so the totals
    // line never reads "0 failed" for a run that failed.
    console.error(`${runner.name} exited with ${result.status} although no test failed.`);
    broken = true;
    totals.failed += 1;
  }
}

console.log(`tests: ${totals.passed} passed, ${totals.failed} failed`);
process.exit(broken || totals.failed > 0 || totals.passed === 0 ? 1 : 0);
