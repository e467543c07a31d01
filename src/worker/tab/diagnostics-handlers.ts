import { invalidInput } from '../../shared/errors';
import { requireId } from '../../shared/validate';
import type { Services } from '../compose';
import { integrityCheck, sessionFootprint, tableDigest, tableNames, totals } from '../db/diagnostics';
import { damageSearchIndex } from '../search/index-damage';
import { methodsByPath } from './call-table';
import type { DatabaseTab, Ownership, TabRole } from './database-tab';
import { testOnly } from './test-hooks';

/** What the end-to-end tests and the bench read to prove what a call did; refused outside e2e builds. */
export const diagnosticsHandlers = (services: () => Services, exposed: () => object) =>
  testOnly('Diagnostics', {
    /** The rows the session owns in each table: all zero once it is deleted (unknown ids too). */
    sessionFootprint: (sessionId: string) => {
      requireId(sessionId, 'Session id');
      return sessionFootprint(services().sql, sessionId);
    },
    /** Rows of each table that users fill: the multi-tab tests check exact totals here. */
    totals: () => totals(services().sql),
    /** Whether the session's workspace folder exists (false for unknown and deleted sessions). */
    workspaceFolderExists: (sessionId: string): Promise<boolean> => {
      requireId(sessionId, 'Session id');
      return services().sessions.workspaceFolderExists(sessionId);
    },
    /** The names of the database's tables. */
    tables: (): string[] => tableNames(services().sql),
    /** `PRAGMA integrity_check`: ['ok'] for a sound database. */
    integrityCheck: (): string[] => integrityCheck(services().sql),
    /** Rows and a hash of their contents per table: equal digests mean nothing was changed. */
    digest: (): Record<string, { rows: number; hash: string }> => tableDigest(services().sql),
    /**
     * Stores `json` as the setting `key` exactly as given, unchecked: how a test puts a value the
     * app would refuse (from an old version, say) where the settings are read.
     */
    storeRawSetting: (key: string, json: string): void => {
      requireId(key, 'Setting key');
      if (typeof json !== 'string') throw invalidInput('storeRawSetting takes the value as JSON text.');
      services().sql.run(
        `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, 0)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
        [key, json],
      );
    },
    /**
     * Sets the database's schema version (`PRAGMA user_version`) as given: how a test makes a
     * database of a newer version of the app, which the next start refuses.
     */
    setSchemaVersion: (version: number): void => {
      if (!Number.isInteger(version) || version < 0 || version > 1_000_000) {
        throw invalidInput('setSchemaVersion takes a whole number from 0 to 1,000,000.');
      }
      services().sql.exec(`PRAGMA user_version = ${version}`);
    },
    /** The dotted names of every method of the exposed API, so a test can prove it called them all. */
    methods: (): string[] => [...methodsByPath(exposed()).keys()],
    /**
     * Zeroes the search index's pages (index-damage.ts), so a test can prove damage is rebuilt,
     * never fatal. Only with `confirmed === true`: a stray call must not break anything. Returns
     * how many pages were damaged.
     */
    damageSearchIndex: (confirmed: boolean): number => {
      if (confirmed !== true) throw invalidInput('damageSearchIndex takes true, to confirm the damage.');
      return damageSearchIndex(services().sql);
    },
  });

/** The same, about this tab's own worker: answered here, never by the owner. */
export const tabDiagnosticsHandlers = (tab: Pick<DatabaseTab, 'role' | 'ownership'>) =>
  testOnly('Diagnostics', {
    /** Whether this tab's worker owns the database right now. */
    role: (): TabRole => tab.role,
    /** When this worker was granted the database and had it open (epoch ms; 0: not yet). */
    ownership: (): Ownership => tab.ownership,
  });
