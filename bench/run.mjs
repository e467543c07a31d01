// `npm run bench`: the benchmark's runner is TypeScript (bench/runner), loaded with Vite's own
// runnerImport, the mechanism Vite uses for vite.config.ts. That lets the runner import the
// app's modules (src/worker/db, the migrations through import.meta.glob) and e2e/support/chromium.ts
// unchanged, on Node 20 without a TypeScript loader.
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const { module } = await runnerImport(fileURLToPath(new URL('./runner/main.ts', import.meta.url)), {
  root,
  configFile: false,
  logLevel: 'error',
});
try {
  process.exitCode = await module.main(root, process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
}
