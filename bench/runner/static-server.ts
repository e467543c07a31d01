import { createReadStream, statSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

/**
 * A tiny static server, in-process so nothing outlives the run. Hashed /assets/ are cached as
 * immutable, as a real deployment does: that is what "wasm cached" means for the cold starts.
 * `isolated` adds COOP/COEP, which gives pages and workers 5 us timers instead of 100 us.
 */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.bcmap': 'application/octet-stream',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

export interface ServeOptions {
  isolated: boolean;
  /** Generated responses (JSON) for paths under /__bench/, e.g. data to seed the app with. */
  generate?: (path: string) => string | undefined;
}

export function serveStatic(root: string, port: number, options: ServeOptions): Promise<StaticServer> {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    if (path.startsWith('/__bench/')) {
      const body = options.generate?.(path);
      if (body === undefined) return fail(response, 404);
      response.setHeader('Content-Type', 'application/json');
      return response.end(body);
    }
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) return fail(response, 403);
    let size: number;
    try {
      const stat = statSync(file);
      if (!stat.isFile()) return fail(response, 404);
      size = stat.size;
    } catch {
      return fail(response, 404);
    }
    response.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
    response.setHeader('Content-Length', size);
    response.setHeader('Cache-Control', path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (options.isolated) {
      response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
      response.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    }
    createReadStream(file).pipe(response);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    );
  });
}

function fail(response: ServerResponse, status: number): void {
  response.statusCode = status;
  response.end();
}
