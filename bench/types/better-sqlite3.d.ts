// The part of better-sqlite3's API the native anchor uses (the package ships no types and
// @types/better-sqlite3 is not installed).
declare module 'better-sqlite3' {
  export interface RunResult {
    changes: number;
    lastInsertRowid: number | bigint;
  }

  export interface Statement {
    run(...params: unknown[]): RunResult;
    get(...params: unknown[]): unknown;
    all(...params: unknown[]): unknown[];
  }

  export interface BetterDatabase {
    prepare(sql: string): Statement;
    exec(sql: string): BetterDatabase;
    pragma(source: string, options?: { simple?: boolean }): unknown;
    close(): void;
  }

  const Database: new (filename: string) => BetterDatabase;
  export default Database;
}
