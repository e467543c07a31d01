import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * Arrows point one way: ui -> shared <- worker. The zones below are
 * checked on resolved file paths, not on import text, so `../../worker/x`, `export ... from` and
 * a dynamic `import()` are all caught whatever the depth of the importing file.
 */
const onlyFrom = (target, allowed, message) => ({
  target,
  from: '.',
  except: [...allowed, './node_modules'],
  message,
});
const UI_ZONE = onlyFrom('./src/ui', ['./src/ui', './src/shared'], 'src/ui imports only src/ui, src/shared and packages.');
const SHARED_ZONE = onlyFrom('./src/shared', ['./src/shared'], 'src/shared imports only src/shared and packages.');
const WORKER_ZONE = { target: './src/worker', from: './src/ui', message: 'src/worker never imports the UI.' };
// Tests beside the code may also use the shared test servers and file makers.
const withTestSupport = (zone) => ({ ...zone, except: [...zone.except, './test-support'] });
const TEST_ZONES = [withTestSupport(UI_ZONE), withTestSupport(SHARED_ZONE), WORKER_ZONE];
// shared/api.ts hands the worker's types to the UI, so it alone may look into worker/, types only.
const SHARED_API = 'src/shared/api.ts';
const SHARED_API_ZONE = onlyFrom(
  SHARED_API,
  ['./src/shared', './src/worker'],
  'src/shared/api.ts imports only src/shared and the types of src/worker.',
);

export default ts.config(
  {
    ignores: [
      'dist/',
      'dist-e2e/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
      'test-support/lint-fixtures/',
      '.stryker-tmp/',
      'reports/',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // `_name` marks a value taken apart on purpose and not used.
      '@typescript-eslint/no-unused-vars': ['error', { varsIgnorePattern: '^_', argsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig },
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.svelte'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.svelte', '.js', '.json'] })],
      'import-x/extensions': ['.ts', '.svelte', '.js'],
      // Cycles are traced through .ts and .svelte.ts modules; components are leaves (only other
      // components and main.ts import them), so parsing them a second time would only cost time.
      'import-x/ignore': ['\\.svelte$'],
      // A component's own parser cannot read the plain .ts modules it imports.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: [UI_ZONE, SHARED_ZONE, WORKER_ZONE] }],
      // Type-only imports are erased at build time, so only value imports can form a cycle.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['src/**/*.test.ts'],
    rules: { 'import-x/no-restricted-paths': ['error', { zones: TEST_ZONES }] },
  },
  {
    files: [SHARED_API],
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: [SHARED_API_ZONE] }],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)worker(/|$)',
              allowTypeImports: true,
              message: 'src/shared/api.ts takes only types from the worker: use `import type` / `export type`.',
            },
          ],
        },
      ],
    },
  },
  {
    // Small files: past 350 lines a module has more than one concern to split out. Tests and the
    // repository contract suites (test code shared by two implementations) may run longer.
    files: ['src/**', 'build/**', 'scripts/**', 'test-support/**', 'bench/**'],
    ignores: ['**/*.test.ts', '**/*.spec.ts', 'src/worker/db/contract/**'],
    rules: { 'max-lines': ['error', { max: 350, skipBlankLines: false, skipComments: false }] },
  },
);
