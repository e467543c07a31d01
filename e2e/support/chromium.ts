import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

/**
 * Which Chromium to drive: $CHROMIUM_PATH, else Debian's /usr/bin/chromium (CI and the dev
 * machines, where Playwright cannot download its own), else Playwright's bundled browser.
 */
const executablePath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export const chromiumLaunchOptions: LaunchOptions = {
  executablePath,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

export const E2E_PORT = Number(process.env.E2E_PORT ?? 4410);
export const BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
