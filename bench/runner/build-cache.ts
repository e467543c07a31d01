import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Skips a build whose inputs did not change since the last successful one (same paths, sizes and
 * modification times), so repeated runs, the smoke run above all, do not pay ~15 s of builds.
 */
const STAMP = '.bench-inputs';
const SKIP = new Set(['node_modules', '.git', 'results.json', 'report.html']);

export function inputsFingerprint(root: string, inputs: string[], extra: string): string {
  const hash = createHash('sha1').update(extra);
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) if (!SKIP.has(name)) visit(join(path, name));
    } else {
      hash.update(`${relative(root, path)}:${stat.size}:${stat.mtimeMs}\n`);
    }
  };
  for (const input of inputs) visit(join(root, input));
  return hash.digest('hex');
}

export function isUpToDate(outDir: string, fingerprint: string): boolean {
  const stamp = join(outDir, STAMP);
  return existsSync(stamp) && readFileSync(stamp, 'utf8') === fingerprint;
}

export function markBuilt(outDir: string, fingerprint: string): void {
  writeFileSync(join(outDir, STAMP), fingerprint);
}
