import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { inputsFingerprint, isUpToDate, markBuilt } from './build-cache';

/**
 * The builds a run needs, side by side: the bench page, the app as it ships (for its bundle
 * sizes) and the app's e2e build (it exposes its worker API on `window`, used to seed the
 * 100,000-message session). All go to node_modules/.cache, never to dist/ or dist-e2e/; a build
 * whose inputs are unchanged since the last run is reused (`--rebuild` forces it).
 */
export interface BuildDirs {
  bench: string;
  app: string;
  appE2e: string;
}

export function buildDirs(cache: string): BuildDirs {
  return { bench: join(cache, 'bench'), app: join(cache, 'app'), appE2e: join(cache, 'app-e2e') };
}

export type BuildOutcome = { ok: true } | { ok: false; error: string };

const SHARED_INPUTS = ['src', 'package.json', 'package-lock.json', 'tsconfig.json'];
const APP_INPUTS = [...SHARED_INPUTS, 'index.html', 'public', 'build', 'vite.config.ts', 'svelte.config.js'];
const BENCH_INPUTS = [...SHARED_INPUTS, 'bench'];

export async function buildAll(root: string, dirs: BuildDirs, force: boolean): Promise<Record<keyof BuildDirs, BuildOutcome>> {
  const [bench, app, appE2e] = await Promise.all([
    cached(root, dirs.bench, BENCH_INPUTS, force, ['build', '--config', 'bench/vite.config.ts']),
    cached(root, dirs.app, APP_INPUTS, force, ['build', '--outDir', dirs.app, '--emptyOutDir']),
    cached(root, dirs.appE2e, APP_INPUTS, force, ['build', '--mode', 'e2e', '--outDir', dirs.appE2e, '--emptyOutDir']),
  ]);
  return { bench, app, appE2e };
}

async function cached(root: string, outDir: string, inputs: string[], force: boolean, args: string[]): Promise<BuildOutcome> {
  const fingerprint = inputsFingerprint(root, inputs, args.join(' '));
  if (!force && isUpToDate(outDir, fingerprint)) return { ok: true };
  const outcome = await vite(root, args);
  if (outcome.ok) markBuilt(outDir, fingerprint);
  return outcome;
}

function vite(root: string, args: string[]): Promise<BuildOutcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), ...args, '--logLevel', 'error'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('error', (error) => resolve({ ok: false, error: error.message }));
    child.on('close', (code) =>
      resolve(code === 0 ? { ok: true } : { ok: false, error: `vite ${args.join(' ')} failed:\n${output.trim().slice(-2000)}` }),
    );
  });
}
