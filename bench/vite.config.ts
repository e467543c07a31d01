import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The benchmark page and its workers, built from the app's real modules (../src). Built into
 * node_modules/.cache so that no generated file lands in the repository (or in eslint/prettier).
 */
export const BENCH_CACHE = fileURLToPath(new URL('../node_modules/.cache/libragent-bench/', import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  build: {
    outDir: `${BENCH_CACHE}bench`,
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
  },
  // As the app's config: ES module workers keep their dynamic imports as chunks, and sqlite-wasm
  // must not be pre-bundled (it finds its .wasm relative to its own module).
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['@sqlite.org/sqlite-wasm'] },
  logLevel: 'warn',
});
