import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import { chromiumLaunchOptions } from './chromium';

/**
 * A Chromium this test process starts itself, on a profile folder that outlives it (so OPFS is
 * on disk and survives), driven over CDP, and killed with SIGKILL: the browser and every process
 * it started die at once, as in a crash or `kill -9`, with no chance to flush or close anything.
 * Playwright's own launchers close browsers gracefully and do not hand out the process.
 */
export class KillableBrowser {
  private constructor(
    private readonly process: ChildProcess,
    readonly browser: Browser,
    readonly context: BrowserContext,
  ) {}

  static profile(): { dir: string; remove: () => void } {
    const dir = mkdtempSync(join(tmpdir(), 'libragent-kill-'));
    return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
  }

  static async launch(profileDir: string): Promise<KillableBrowser> {
    const executable = chromiumLaunchOptions.executablePath ?? chromium.executablePath();
    const child = spawn(
      executable,
      [
        ...(chromiumLaunchOptions.args ?? []),
        '--headless=new',
        '--remote-debugging-port=0',
        `--user-data-dir=${profileDir}`,
        '--no-default-browser-check',
        '--disable-crash-reporter',
        '--disable-breakpad',
        'about:blank',
      ],
      // Its own process group, so one signal reaches the renderers and the worker's process too.
      { detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const endpoint = await new Promise<string>((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(() => reject(new Error(`Chromium did not start: ${seen.slice(-500)}`)), 20_000);
      child.stderr!.on('data', (data: Buffer) => {
        seen += data.toString();
        const match = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`Chromium exited (${code}) before it started: ${seen.slice(-500)}`));
      });
    });
    child.stderr!.resume();
    const browser = await chromium.connectOverCDP(endpoint);
    return new KillableBrowser(child, browser, browser.contexts()[0]);
  }

  /** SIGKILL to the whole process group; resolves once the browser process is gone. */
  async kill(): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      if (this.process.exitCode !== null || this.process.signalCode !== null) resolve();
      else this.process.once('exit', () => resolve());
    });
    try {
      process.kill(-this.process.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
    await exited;
    await this.browser.close().catch(() => undefined);
    // The renderers and utility processes share the group; give the kernel a moment to reap them
    // so the next launch does not find the profile locked.
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** A small seeded random generator (mulberry32), so a failing run can be replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
