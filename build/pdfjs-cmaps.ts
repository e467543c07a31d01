import { createReadStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plugin } from 'vite';

/** Where the app serves pdf.js's character maps; the worker builds the same URL (see api.ts). */
export const CMAPS_PATH = 'pdfjs/cmaps/';

/**
 * Serves pdf.js's CMaps (needed to read text of CJK PDFs) in dev and emits them into the build,
 * so they are same-origin, precacheable and available offline.
 */
export function pdfjsCmaps(): Plugin {
  const source = resolve('node_modules/pdfjs-dist/cmaps');
  return {
    name: 'libragent:pdfjs-cmaps',
    configureServer(server) {
      server.middlewares.use(`/${CMAPS_PATH}`, (req, res, next) => {
        const file = join(source, decodeURIComponent((req.url ?? '').split('?')[0]).replace(/^\/+/, ''));
        if (!file.startsWith(source) || !existsSync(file)) return next();
        res.setHeader('Content-Type', 'application/octet-stream');
        createReadStream(file).pipe(res);
      });
    },
    generateBundle() {
      for (const name of readdirSync(source)) {
        this.emitFile({ type: 'asset', fileName: `${CMAPS_PATH}${name}`, source: readFileSync(join(source, name)) });
      }
    },
  };
}
