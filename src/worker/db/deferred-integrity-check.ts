import { AppError } from '../../shared/errors';
import { checkTable, checkedTables } from './integrity-check';
import { toAppError } from './sqlite/map-error';
import type { SqlClient } from './sqlite/sql-client';

/** What a start tells the user when the check finds damage (prepare-database.ts). */
export function damagedFile(problems: string[]): AppError {
  return new AppError('Corrupt', `The database file is damaged (${problems.slice(0, 3).join('; ')}). It was not changed.`);
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * The integrity check of the user's data (integrity-check.ts) that a start does not wait for: a
 * quick_check reads every page of the file (about 250 ms at 100,000 messages here), so it runs
 * after the first screen is drawn, one table at a time with other calls let in between
 * (`runInIdle`), or all at once the moment something is about to be written (`runNow`, through
 * SqlClient.guardWrites): nothing is written to a file before it has passed. Damage found is kept:
 * every later `runNow` throws it again, so a damaged file stays exactly as it was.
 */
export class DeferredIntegrityCheck {
  private remaining: string[] | undefined;
  private problems: string[] = [];
  private failure: AppError | undefined;
  private passed = false;
  private settle: { resolve: () => void; reject: (error: AppError) => void } | undefined;
  /** Resolves once every table has passed; rejects with Corrupt when one has not. */
  readonly done: Promise<void>;

  constructor(private readonly sql: SqlClient) {
    this.done = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));
    // Whoever asks hears of the damage; a check nobody asked about must not be reported as unhandled.
    this.done.catch(() => undefined);
  }

  /** Checks whatever is left, now. Throws Corrupt, at this call and every later one, when the file is damaged. */
  runNow(): void {
    while (this.step());
    if (this.failure) throw this.failure;
  }

  /** Checks one table at a time, each in a task of its own, so the calls waiting meanwhile are answered. */
  async runInIdle(): Promise<void> {
    while (this.step()) await nextTask();
    return this.done;
  }

  /** Checks the next table; false once nothing is left to check. */
  private step(): boolean {
    if (this.passed || this.failure) return false;
    try {
      this.remaining ??= checkedTables(this.sql);
      const table = this.remaining.shift();
      if (table !== undefined) this.problems.push(...checkTable(this.sql, 'quick_check', table));
      if (this.remaining.length > 0 && this.problems.length === 0) return true;
      if (this.problems.length > 0) this.fail(damagedFile(this.problems));
      else this.pass();
    } catch (error) {
      // The schema itself may be unreadable (SQLITE_CORRUPT), or the storage failing: either way
      // the check has not passed, and what a start would have failed with is what every write hears.
      this.fail(toAppError(error));
    }
    return false;
  }

  private pass(): void {
    this.passed = true;
    this.settle?.resolve();
  }

  private fail(failure: AppError): void {
    this.failure = failure;
    this.settle?.reject(failure);
  }
}
