import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * Bundle sizes of the app's production build, by what loads when: the main thread's JS at
 * startup (the static import closure of index.html's scripts), the database worker's JS at
 * startup, what either loads later (dynamic imports, nested workers: pdf.js, parsers), the wasm.
 */
export interface Size {
  files: string[];
  bytes: number;
  gzipBytes: number;
}

export interface BundleSizes {
  mainStatic: Size;
  mainLazy: Size;
  workerStatic: Size;
  workerLazy: Size;
  /** Emitted by sqlite-wasm for its Worker1 API and its "opfs" VFS, which the app does not use. */
  neverLoaded: Size;
  wasm: Size;
}

const SQLITE_UNUSED = /^sqlite3-(worker1|opfs-async-proxy)-/;

const STATIC_IMPORT = /(?:import|export)\s*(?:[\w$*{}\s,]*from\s*)?["'`]([^"'`]+\.js)["'`]/g;
const DYNAMIC_IMPORT = /import\(\s*["'`]([^"'`]+\.js)["'`]\s*\)/g;
// Vite writes `new URL(/* @vite-ignore */ "/assets/x.js", import.meta.url)` for workers.
const WORKER_URL = /new URL\(\s*(?:\/\*[^*]*\*\/\s*)?["'`]([^"'`]+\.(?:js|mjs))["'`]/g;
const PRELOAD_LIST = /["'`](assets\/[\w.-]+\.js)["'`]/g;

export function measureBundle(dist: string): BundleSizes {
  const assets = join(dist, 'assets');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+\.js)"/g)].map((m) => basename(m[1]));
  const read = (file: string) => readFileSync(join(assets, file), 'utf8');
  const refs = (file: string, pattern: RegExp) =>
    [...read(file).matchAll(pattern)].map((m) => basename(m[1])).filter((name) => existsSync(join(assets, name)));

  const staticClosure = (roots: string[]) => walk(roots, (file) => refs(file, STATIC_IMPORT));
  const fullClosure = (roots: string[]) =>
    walk(roots, (file) => [...refs(file, STATIC_IMPORT), ...refs(file, DYNAMIC_IMPORT), ...refs(file, PRELOAD_LIST)]);

  const mainStatic = staticClosure(entries);
  const mainAll = fullClosure(entries);
  const workers = [...new Set([...mainAll].flatMap((file) => refs(file, WORKER_URL)))];
  const workerStatic = staticClosure(workers);
  const workerAll = walk(workers, (file) => [
    ...refs(file, STATIC_IMPORT),
    ...refs(file, DYNAMIC_IMPORT),
    ...refs(file, PRELOAD_LIST),
    ...refs(file, WORKER_URL),
  ]);
  const size = (files: Iterable<string>): Size => {
    const list = [...files].sort();
    const buffers = list.map((file) => readFileSync(join(assets, file)));
    return {
      files: list,
      bytes: buffers.reduce((sum, b) => sum + b.byteLength, 0),
      gzipBytes: buffers.reduce((sum, b) => sum + gzipSync(b).byteLength, 0),
    };
  };
  const minus = (all: Set<string>, ...parts: Set<string>[]) => [...all].filter((file) => !parts.some((part) => part.has(file)));
  return {
    mainStatic: size(mainStatic),
    mainLazy: size(minus(mainAll, mainStatic)),
    workerStatic: size(workerStatic),
    workerLazy: size(minus(workerAll, workerStatic, mainStatic).filter((file) => !SQLITE_UNUSED.test(file))),
    neverLoaded: size([...workerAll].filter((file) => SQLITE_UNUSED.test(file))),
    wasm: size(readdirSync(assets).filter((file) => file.endsWith('.wasm'))),
  };
}

function walk(roots: string[], next: (file: string) => string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...next(file));
  }
  return seen;
}
