// Mutation testing (`npm run mutation`): how many deliberate small bugs the unit tests catch in
// the modules the data and search promises rest on. docs/testing.md says how to read the report.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vite.config.ts', related: true },
  plugins: ['@stryker-mutator/vitest-runner'],
  // The database layer, the search core, the chunker and the call policy; MUTATE narrows it.
  mutate: process.env.MUTATE?.split(',') ?? [
    'src/worker/db/**/*.ts',
    'src/worker/search/**/*.ts',
    'src/worker/content/chunker.ts',
    'src/shared/call-policy.ts',
    '!**/*.test.ts',
    '!src/worker/db/contract/**',
    '!src/worker/db/test-support.ts',
    '!src/worker/db/memory/**',
    '!src/worker/search/fixtures/**',
    '!src/worker/search/handlers.ts',
    '!src/worker/db/migrations/index.ts', // import.meta.glob must stay a literal for Vite
  ],
  coverageAnalysis: 'perTest',
  concurrency: Number(process.env.MUTATION_CONCURRENCY ?? 2),
  timeoutMS: 60_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 80, low: 60, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
