import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// Proves that `npm run lint` fails on an import across the ui / shared / worker boundary
// (the rules are in eslint.config.js; the fixtures and why each is bad are in FIXTURES).
const ROOT = join(import.meta.dirname, '..');
const FIXTURES = join(ROOT, 'test-support', 'lint-fixtures');
const BOUNDARY_RULES = ['import-x/no-restricted-paths', '@typescript-eslint/no-restricted-imports'];

/** Each fixture says on its first line where it pretends to live: `// Linted as src/ui/x.ts: ...`. */
function fixture(name: string): { text: string; filePath: string } {
  const text = readFileSync(join(FIXTURES, name), 'utf8');
  const filePath = /^\/\/ Linted as (\S+):/.exec(text)?.[1];
  if (!filePath) throw new Error(`${name} does not say where it is linted as`);
  return { text, filePath };
}

const eslint = new ESLint({ cwd: ROOT });

async function lint(name: string) {
  const { text, filePath } = fixture(name);
  const [result] = await eslint.lintText(text, { filePath });
  return result.messages;
}

const names = readdirSync(FIXTURES).filter((name) => name.endsWith('.ts'));

describe('the import boundary is enforced by lint', () => {
  // Loading the config (TypeScript, Svelte and their plugins) takes seconds on a busy machine.
  beforeAll(() => eslint.calculateConfigForFile('src/ui/main.ts'), 120_000);

  it('has a fixture for each rule', () => {
    expect(names).toEqual([
      'bad-shared-api-imports-worker-values.ts',
      'bad-shared-imports-ui.ts',
      'bad-shared-imports-worker-types.ts',
      'bad-ui-imports-worker.ts',
      'bad-worker-imports-ui.ts',
      'good-shared-api-imports-worker-types.ts',
      'good-ui-imports-shared.ts',
    ]);
  });

  it.each(names.filter((name) => name.startsWith('bad-')))('fails %s on every crossing import', async (name) => {
    const crossings = fixture(name).text.match(/(from |import\()'\./g) ?? [];
    const messages = await lint(name);
    expect(messages.every((message) => message.severity === 2)).toBe(true);
    expect(messages.map((message) => message.ruleId).filter((id) => BOUNDARY_RULES.includes(id ?? ''))).toHaveLength(
      crossings.length,
    );
  });

  it.each(names.filter((name) => name.startsWith('good-')))('passes %s', async (name) => {
    expect(await lint(name)).toEqual([]);
  });
});
