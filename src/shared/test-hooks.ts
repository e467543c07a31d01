/**
 * Faults the end-to-end tests inject through the page URL (see worker/tab/test-hooks.ts). They
 * work only in `--mode e2e` builds.
 */
export interface TestHooks {
  /** Append a migration that fails halfway, to prove a failed upgrade changes nothing. */
  failingMigration?: boolean;
  /** Open as if this browser had no OPFS. */
  pretendNoOpfs?: boolean;
  /**
   * The offline assistant writes one word every this many ms (`?e2e-slow-assistant`: 100;
   * `?e2e-slow-assistant=1000`: one a second), so a test can stop, reload or kill mid-answer.
   */
  slowAssistantTickMs?: number;
  /** Overwrite three pages in the middle of the database file before it is opened. */
  damageDatabase?: boolean;
  /** Fail the start after the database opened, as a bug in the app would, while the database has a session. */
  internalStartError?: boolean;
  /** Never take the database: the tab always forwards, so a test can reload every owner under it. */
  followerOnly?: boolean;
}
