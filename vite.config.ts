import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { contentSecurityPolicy } from './build/csp.ts';
import { e2eServiceWorkerVariant } from './build/e2e-sw-variant.ts';
import { pdfjsCmaps } from './build/pdfjs-cmaps.ts';

/**
 * The service worker precaches everything the app runs on, so it starts and works offline after
 * one visit: the page, its scripts and styles, the database worker, sqlite3.wasm, pdf.js and its
 * worker and CMaps (`.mjs` and `.bcmap`, which Workbox's default patterns skip), the spreadsheet
 * parser, and the icons. Files only sqlite-wasm's other VFSes load are left out.
 */
const pwa = VitePWA({
  registerType: 'prompt', // a new version waits until the user reloads (see UpdatePrompt.svelte)
  injectRegister: false, // registered by the UI through virtual:pwa-register/svelte
  manifest: {
    id: '/',
    name: 'LibrAgent',
    short_name: 'LibrAgent',
    description: 'A local-first AI workspace: chat sessions, documents and search, all on your device.',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    background_color: '#f4efe6',
    theme_color: '#2f5d50',
    icons: [
      { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
  workbox: {
    globPatterns: ['**/*.{js,mjs,wasm,css,html,svg,png,webmanifest,bcmap}'],
    globIgnores: ['**/sqlite3-worker1*', '**/sqlite3-opfs-async-proxy*'],
    // pdf.js's worker and the app worker are over Workbox's 2 MiB default, which fails the build.
    maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
    navigateFallback: 'index.html',
    cleanupOutdatedCaches: true,
  },
});

// `--mode e2e` builds the same app with its test hooks (see src/worker/test-hooks.ts) into its own
// folder; production builds leave the hooks out entirely.
export default defineConfig(({ mode }) => ({
  plugins: [svelte(), pdfjsCmaps(), contentSecurityPolicy(), pwa, e2eServiceWorkerVariant()],
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
