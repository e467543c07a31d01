import { DEFAULT_SIZES, SMOKE_SIZES, type BenchSizes } from '../shared/options';

/**
 * `npm run bench -- [--smoke] [--messages 50000] [--sessions 100] ...`; BENCH_SMOKE=1 works too.
 * A smoke run uses tiny sizes and writes its report to a temporary directory, not to bench/.
 */
export interface CliOptions {
  smoke: boolean;
  sizes: BenchSizes;
  outDir?: string;
  /** Build even when the inputs are unchanged since the last build. */
  rebuild: boolean;
  help: boolean;
}

const flag = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

export function parseCli(argv: string[], env: NodeJS.ProcessEnv): CliOptions {
  const smoke = argv.includes('--smoke') || env.BENCH_SMOKE === '1';
  const sizes: BenchSizes = { ...(smoke ? SMOKE_SIZES : DEFAULT_SIZES) };
  let outDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--smoke' || arg === '--help' || arg === '--rebuild') continue;
    if (arg === '--out') {
      outDir = argv[++i];
      continue;
    }
    const key = (Object.keys(sizes) as (keyof BenchSizes)[]).find((k) => flag(k) === arg);
    const value = Number(argv[i + 1]);
    if (!key) throw new Error(`Unknown option ${arg}. ${usage()}`);
    if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${arg} needs a whole number of at least 1.`);
    sizes[key] = value;
    i++;
  }
  if (sizes.bigSession >= sizes.messages || sizes.sessions < 2) {
    throw new Error('--big-session must be smaller than --messages, and --sessions at least 2.');
  }
  return { smoke, sizes, outDir, rebuild: argv.includes('--rebuild'), help: argv.includes('--help') };
}

export function usage(): string {
  const sizes = Object.entries(DEFAULT_SIZES)
    .map(([key, value]) => `  ${flag(key).padEnd(18)} default ${value}`)
    .join('\n');
  return [
    'Usage: npm run bench -- [--smoke] [--rebuild] [--out DIR] [size options]',
    sizes,
    '  --smoke            tiny sizes, checks that every scenario yields a number (also BENCH_SMOKE=1)',
    '  --rebuild          build even if nothing changed since the last build',
    '  --out DIR          where results.json and report.html go (default bench/, smoke: a temp dir)',
  ].join('\n');
}
