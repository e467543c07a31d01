import { defineConfig } from '@playwright/test';
import { BASE_URL, E2E_PORT, chromiumLaunchOptions } from './e2e/support/chromium';

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 2,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    baseURL: BASE_URL,
    launchOptions: chromiumLaunchOptions,
    trace: 'retain-on-failure',
  },
  // The e2e build (with its test hooks) on its own port, so it never meets a developer's preview.
  webServer: {
    command: `npm run build:e2e && node node_modules/vite/bin/vite.js preview --mode e2e --port ${E2E_PORT} --strictPort --host 127.0.0.1`,
    url: BASE_URL,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
});
