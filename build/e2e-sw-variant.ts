import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';

/** The cookie a test sets to be served "a new build" of the service worker. */
export const SW_VARIANT_COOKIE = 'e2e-sw-variant';

/**
 * e2e builds only: the preview server serves a different service worker (the built one plus a
 * comment) to a browser context that carries the cookie, as a server would after a deploy. The
 * update test needs this because Playwright cannot intercept a service worker's own script
 * request, and changing the shared dist-e2e/sw.js would offer the update to every other test.
 */
export function e2eServiceWorkerVariant(): Plugin {
  return {
    name: 'libragent:e2e-sw-variant',
    apply: (_config, env) => env.mode === 'e2e',
    configurePreviewServer(server) {
      const file = resolve(server.config.root, server.config.build.outDir, 'sw.js');
      server.middlewares.use((req, res, next) => {
        const pattern = new RegExp(`(?:^|; )${SW_VARIANT_COOKIE}=([\\w-]+)`);
        const variant = pattern.exec(req.headers.cookie ?? '')?.[1];
        if (req.url?.split('?')[0] !== '/sw.js' || !variant) return next();
        res.setHeader('Content-Type', 'text/javascript');
        res.setHeader('Cache-Control', 'no-cache');
        res.end(`${readFileSync(file, 'utf8')}\n// build variant ${variant}\n`);
      });
    },
  };
}
