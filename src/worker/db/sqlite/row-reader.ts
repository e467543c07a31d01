import type { PreparedStatement, Sqlite3Static, SqlValue } from '@sqlite.org/sqlite-wasm';
import { fromSqlValue } from './sql-text';

/** The column readers of SQLite's C API, as the wasm module exports them (no argument conversion). */
interface ColumnExports {
  sqlite3_column_type(stmt: number, column: number): number;
  sqlite3_column_double(stmt: number, column: number): number;
  sqlite3_column_int64(stmt: number, column: number): bigint;
  sqlite3_column_text(stmt: number, column: number): number;
  sqlite3_column_blob(stmt: number, column: number): number;
  sqlite3_column_bytes(stmt: number, column: number): number;
}

const INTEGER = 1;
const FLOAT = 2;
const TEXT = 3;
const BLOB = 4;

/**
 * Reads the current row of a statement straight from the wasm exports. oo1's `Stmt.get` goes
 * through wrappers that check and convert every argument and, for an object, decode every column
 * name again for every row: measured, about 2 µs a value, most of the time of a page of rows.
 * Values come back as oo1 returns them: integers as numbers when they are safe (else BigInt),
 * text decoded from UTF-8, blobs copied, and the app's marked blobs as their strings (sql-text.ts).
 */
export class RowReader {
  private readonly columns: ColumnExports;
  private readonly decoder = new TextDecoder();

  constructor(private readonly sqlite3: Sqlite3Static) {
    this.columns = sqlite3.wasm.exports as unknown as ColumnExports;
  }

  /** The current row as an object keyed by `names` (a later column of the same name wins, as in oo1). */
  row(stmt: PreparedStatement, names: readonly string[]): Record<string, SqlValue> {
    const pointer = Number(stmt.pointer);
    const row: Record<string, SqlValue> = {};
    for (let i = 0; i < names.length; i++) row[names[i]] = this.value(pointer, i);
    return row;
  }

  value(pointer: number, column: number): SqlValue {
    const c = this.columns;
    switch (c.sqlite3_column_type(pointer, column)) {
      case INTEGER: {
        // A double holds every integer up to 2^53 exactly; anything larger rounds to at least 2^53.
        const approximate = c.sqlite3_column_double(pointer, column);
        if (Math.abs(approximate) <= Number.MAX_SAFE_INTEGER) return approximate;
        return c.sqlite3_column_int64(pointer, column);
      }
      case FLOAT:
        return c.sqlite3_column_double(pointer, column);
      case TEXT: {
        const text = c.sqlite3_column_text(pointer, column);
        const length = c.sqlite3_column_bytes(pointer, column);
        return length === 0 ? '' : this.decoder.decode(this.heap().subarray(text, text + length));
      }
      case BLOB: {
        const blob = c.sqlite3_column_blob(pointer, column);
        const length = c.sqlite3_column_bytes(pointer, column);
        return fromSqlValue(this.heap().slice(blob, blob + length));
      }
      default:
        return null;
    }
  }

  /** The module's memory as it is now (it may have grown since the last call). */
  private heap(): Uint8Array {
    return this.sqlite3.wasm.heap8u();
  }
}
