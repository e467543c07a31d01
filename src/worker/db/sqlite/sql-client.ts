import type { BindingSpec, Database, PreparedStatement, Sqlite3Static, SqlValue } from '@sqlite.org/sqlite-wasm';
import { AppError } from '../../../shared/errors';
import { toAppError } from './map-error';
import { RowReader } from './row-reader';
import { toSqlValue } from './sql-text';

export type Row = Record<string, SqlValue>;

/**
 * A thin, synchronous layer over an oo1 Database: cached prepared statements (the hot paths run the
 * same SQL thousands of times), SQLite errors mapped to AppError, and nestable transactions.
 *
 * Synchronous on purpose: the database lives in one worker, and a transaction that never awaits
 * cannot interleave with another caller, so no mutex is needed.
 */
export class SqlClient {
  private readonly statements = new Map<string, PreparedStatement>();
  /** Each cached statement's result column names, read once: oo1's get({}) decodes them again for every row. */
  private readonly columnNames = new Map<PreparedStatement, string[]>();
  private depth = 0;
  private readonly rows: RowReader;
  /** Runs before the next write (see guardWrites); none once it has passed. */
  private writeGuard: (() => void) | undefined;
  /** Whether each cached statement can write, asked of SQLite once, while a guard waits. */
  private readonly readOnly = new Map<PreparedStatement, boolean>();

  constructor(
    readonly db: Database,
    /** The module `db` belongs to: rows are read through its wasm exports (row-reader.ts). */
    readonly sqlite3: Sqlite3Static,
  ) {
    this.rows = new RowReader(sqlite3);
  }

  /**
   * Has `beforeFirstWrite` run before anything is written: before the next script (`exec`,
   * transactions and savepoints included) or statement that can change the database. Once it has
   * returned, writes go on unguarded; while it throws, it runs again before every write, so
   * nothing is written (the deferred integrity check: deferred-integrity-check.ts).
   */
  guardWrites(beforeFirstWrite: () => void): void {
    this.writeGuard = beforeFirstWrite;
  }

  /** Runs a statement; returns the number of rows it changed. */
  run(sql: string, bind?: BindingSpec): number {
    this.withStatement(sql, bind, (stmt) => stmt.step());
    return this.db.changes();
  }

  all(sql: string, bind?: BindingSpec): Row[] {
    return this.withStatement(sql, bind, (stmt) => {
      const rows: Row[] = [];
      const names = this.namesOf(stmt);
      while (stmt.step()) rows.push(this.rows.row(stmt, names));
      return rows;
    });
  }

  get(sql: string, bind?: BindingSpec): Row | undefined {
    return this.withStatement(sql, bind, (stmt) => (stmt.step() ? this.rows.row(stmt, this.namesOf(stmt)) : undefined));
  }

  value(sql: string, bind?: BindingSpec): SqlValue | undefined {
    return this.withStatement(sql, bind, (stmt) => (stmt.step() ? this.rows.value(Number(stmt.pointer), 0) : undefined));
  }

  /** Executes a script of several statements (migrations, pragmas). */
  exec(sql: string): void {
    this.passWriteGuard();
    try {
      this.db.exec(sql);
    } catch (error) {
      throw toAppError(error);
    }
  }

  /**
   * Runs `work` atomically: all its writes or none. Nested calls become savepoints, so a repository
   * method that is transactional on its own can also be part of a larger operation.
   */
  transaction<T>(work: () => T): T {
    const name = `tx${this.depth}`;
    this.exec(`SAVEPOINT ${name}`);
    this.depth++;
    try {
      const result = work();
      this.release(name);
      return result;
    } catch (error) {
      this.rollback(name, error);
      throw toAppError(error);
    } finally {
      this.depth--;
    }
  }

  /**
   * Runs `work` and undoes every write it made (a savepoint rolled back): a read that must see
   * the database as it would be after some writes, without paying for them to be durable. On its
   * own (not inside a transaction) it also skips the sync SQLite makes when a transaction ends
   * in rollback-journal mode (the journal's truncation, with synchronous = FULL): nothing of it
   * is kept, and on OPFS that sync is a flush of milliseconds. A tab killed meanwhile leaves a
   * journal of unchanged pages, harmless to play back. (In WAL mode, the app's once it has
   * written, a transaction rolled back syncs nothing, and its pages in the WAL are never read.)
   */
  rolledBack<T>(work: () => T): T {
    if (this.depth > 0) return this.rolledBackSavepoint(work);
    const synchronous = Number(this.value('PRAGMA synchronous'));
    this.exec('PRAGMA synchronous = OFF');
    try {
      return this.rolledBackSavepoint(work);
    } finally {
      this.exec(`PRAGMA synchronous = ${synchronous}`);
    }
  }

  private rolledBackSavepoint<T>(work: () => T): T {
    const name = `tx${this.depth}`;
    this.exec(`SAVEPOINT ${name}`);
    this.depth++;
    let result: T;
    try {
      result = work();
    } catch (error) {
      this.rollback(name, error);
      throw toAppError(error);
    } finally {
      this.depth--;
    }
    this.rollback(name, undefined);
    return result;
  }

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  close(): void {
    for (const stmt of this.statements.values()) stmt.finalize();
    this.statements.clear();
    this.columnNames.clear();
    this.readOnly.clear();
    this.db.close();
  }

  private release(name: string): void {
    try {
      this.db.exec(`RELEASE ${name}`);
    } catch (error) {
      const mapped = toAppError(error);
      if (mapped.code === 'StorageFull' || mapped.code === 'Busy') throw mapped;
      throw new AppError('TransactionFailed', `Saving the changes failed: ${mapped.message}`, { cause: error });
    }
  }

  /** Undoes the savepoint `name`; `original` is the failure that called for it, if one did. */
  private rollback(name: string, original: unknown): void {
    try {
      this.db.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
    } catch (error) {
      if (original === undefined) throw toAppError(error);
      // SQLite itself rolls the whole transaction back after a failed write (a full disk, a quota):
      // the savepoint is gone with it, and the cause is what the user must hear.
      const cause = toAppError(original);
      if (cause.code === 'StorageFull') throw cause;
      throw new AppError(
        'TransactionFailed',
        `Undoing a failed change also failed (${toAppError(error).message}) after: ${toAppError(original).message}`,
        { cause: error },
      );
    }
  }

  private passWriteGuard(): void {
    const guard = this.writeGuard;
    if (!guard) return;
    this.writeGuard = undefined; // The guard's own reads must not call it again.
    try {
      guard();
    } catch (error) {
      this.writeGuard = guard;
      throw error;
    }
  }

  private isReadOnly(stmt: PreparedStatement): boolean {
    let readOnly = this.readOnly.get(stmt);
    if (readOnly === undefined) {
      readOnly = this.sqlite3.capi.sqlite3_stmt_readonly(stmt) !== 0;
      this.readOnly.set(stmt, readOnly);
    }
    return readOnly;
  }

  private namesOf(stmt: PreparedStatement): string[] {
    let names = this.columnNames.get(stmt);
    if (!names) {
      names = stmt.getColumnNames([]);
      this.columnNames.set(stmt, names);
    }
    return names;
  }

  private withStatement<T>(sql: string, bind: BindingSpec | undefined, use: (stmt: PreparedStatement) => T): T {
    try {
      let stmt = this.statements.get(sql);
      if (!stmt) {
        stmt = this.db.prepare(sql);
        this.statements.set(sql, stmt);
      }
      if (this.writeGuard && !this.isReadOnly(stmt)) this.passWriteGuard();
      try {
        if (bind !== undefined) stmt.bind(toSqlBinding(bind));
        return use(stmt);
      } finally {
        stmt.reset(true);
      }
    } catch (error) {
      throw toAppError(error);
    }
  }
}

/** Strings that UTF-8 cannot hold are bound losslessly (see sql-text.ts). */
function toSqlBinding(bind: BindingSpec): BindingSpec {
  if (Array.isArray(bind)) return bind.map(toSqlValue) as BindingSpec;
  if (typeof bind === 'object' && bind !== null && Object.getPrototypeOf(bind) === Object.prototype) {
    return Object.fromEntries(Object.entries(bind).map(([key, value]) => [key, toSqlValue(value)])) as BindingSpec;
  }
  return toSqlValue(bind) as BindingSpec;
}
