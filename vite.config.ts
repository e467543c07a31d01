import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { pdfjsCmaps } from './build/pdfjs-cmaps.ts';

// `--mode e2e` builds the same app with its test hooks (see src/worker/test-hooks.ts) into its own
// folder; production builds leave the hooks out entirely.
export default defineConfig(({ mode }) => ({
  plugins: [svelte(), pdfjsCmaps()],
  build: {
    outDir: mode === 'e2e' ? 'dist-e2e' : 'dist',
    target: 'es2022',
  },
  // The app's worker imports other modules dynamically; only ES module workers keep them as chunks.
  worker: { format: 'es' },
  // sqlite-wasm locates its .wasm file relative to its own module: pre-bundling would break that.
  optimizeDeps: { exclude: ['@sqlite.org/sqlite-wasm'] },
  server: { port: 5173 },
  preview: { port: 4173 },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    testTimeout: 30_000,
  },
}));
