import type { Migration } from '../lib/db/migrate';

/**
 * Faults the end-to-end tests inject through the page URL. They exist only in `--mode e2e`
 * builds: in a production build `import.meta.env.MODE` is a constant and this code is dropped.
 */
export interface TestHooks {
  /** Append a migration that fails halfway, to prove a failed upgrade changes nothing. */
  failingMigration?: boolean;
  /** Open as if this browser had no OPFS. */
  pretendNoOpfs?: boolean;
  /** The offline assistant writes one word per 100 ms, so a test can stop or reload mid-answer. */
  slowAssistant?: boolean;
  /** Never take the database: the tab always forwards, so a test can reload every owner under it. */
  followerOnly?: boolean;
}

export const testHooksEnabled = import.meta.env.MODE === 'e2e';

export function withTestMigrations(migrations: Migration[], hooks: TestHooks): Migration[] {
  if (!testHooksEnabled || !hooks.failingMigration) return migrations;
  const version = migrations.length + 1;
  return [
    ...migrations,
    {
      version,
      name: `${String(version).padStart(4, '0')}-e2e-failing.sql`,
      sql: "CREATE TABLE e2e_half_done (x); UPDATE sessions SET name = 'CLOBBERED'; INSERT INTO e2e_no_such_table VALUES (1);",
    },
  ];
}
