/**
 * Reads what can still be read out of a damaged database, table by table and row by row, for the
 * "Export what can be read" choice of the startup screen. A damaged page makes a scan fail where
 * it starts; the scan then resumes past it (probing ever larger rowid jumps), so one bad page
 * loses only the rows stored on it. Self-contained: it needs only a connection.
 *
 * Provider API keys (the `providers` setting) are never exported: the file is meant to be saved,
 * moved and shared for help, and a key in it would leak.
 */
import { modelSettingsTextWithoutSecrets } from '../../shared/mcp-settings';
import type { SqlClient, Row } from './sqlite/sql-client';

/** The app's tables, read even when the schema table itself cannot be. */
const KNOWN_TABLES = ['assistants', 'sessions', 'messages', 'message_index_meta', 'stores', 'contents', 'chunks', 'settings'];
/** Settings that hold secrets. */
const SECRET_SETTINGS = new Set(['providers']);
const BATCH = 500;
/** Up to 2^40 rowids skipped past a damaged page before a table is given up. */
const MAX_SKIP_BITS = 40;

export interface SalvagedTable {
  rows: Row[];
  /** Where reading failed and what SQLite said; empty when the table was read whole. */
  errors: string[];
}

export interface Salvage {
  format: 'libragent-salvage';
  version: 1;
  exportedAt: string;
  /** The schema's SQL where it could be read. */
  schema: string[];
  tables: Record<string, SalvagedTable>;
  note: string;
}

export function salvage(sql: SqlClient, now: Date = new Date()): Salvage {
  const schema: string[] = [];
  let names: string[] = [];
  const schemaErrors: string[] = [];
  try {
    for (const row of sql.all("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) {
      names.push(String(row.name));
      if (row.sql) schema.push(String(row.sql));
    }
  } catch (error) {
    schemaErrors.push(`sqlite_schema: ${message(error)}`);
  }
  names = [...new Set([...names, ...KNOWN_TABLES])];
  const tables: Record<string, SalvagedTable> = {};
  for (const name of names) {
    const table = readTable(sql, name);
    if (name === 'settings') table.rows = table.rows.filter((row) => !SECRET_SETTINGS.has(String(row.key)));
    if (name === 'assistants') {
      table.rows = table.rows.map((row) =>
        typeof row.model_settings === 'string'
          ? { ...row, model_settings: modelSettingsTextWithoutSecrets(row.model_settings) }
          : row,
      );
    }
    if (table.rows.length > 0 || table.errors.length > 0) tables[name] = table;
  }
  if (schemaErrors.length > 0) tables.sqlite_schema = { rows: [], errors: schemaErrors };
  return {
    format: 'libragent-salvage',
    version: 1,
    exportedAt: now.toISOString(),
    schema,
    tables,
    note: 'Rows read from a damaged LibrAgent database. Provider API keys are left out on purpose.',
  };
}

function readTable(sql: SqlClient, name: string): SalvagedTable {
  const quoted = `"${name.replaceAll('"', '""')}"`;
  const rows: Row[] = [];
  const errors: string[] = [];
  let after: number | null = null;
  // Batches while all is well; row by row near damage, so only the rows on a bad page are lost.
  let size = BATCH;
  let singles = 0;
  for (;;) {
    let batch: Row[];
    try {
      batch =
        after === null
          ? sql.all(`SELECT rowid AS __rowid, * FROM ${quoted} ORDER BY rowid LIMIT ${size}`)
          : sql.all(`SELECT rowid AS __rowid, * FROM ${quoted} WHERE rowid > ? ORDER BY rowid LIMIT ${size}`, [after]);
    } catch (error) {
      if (/no such table/i.test(message(error))) return { rows, errors };
      if (size > 1) {
        size = 1;
        singles = 0;
        continue;
      }
      errors.push(`after rowid ${after ?? 'start'}: ${message(error)}`);
      const resumed = resumePast(sql, quoted, after ?? 0);
      if (resumed === null || (after !== null && resumed <= after)) break;
      after = resumed;
      continue;
    }
    for (const row of batch) {
      after = Number(row.__rowid);
      delete row.__rowid;
      rows.push(row);
    }
    if (batch.length < size) break;
    if (size === 1 && ++singles >= 64) size = BATCH;
  }
  return { rows, errors };
}

/** The last rowid before the next readable row past a damaged stretch, or null when none is found. */
function resumePast(sql: SqlClient, quoted: string, from: number): number | null {
  for (let bits = 0; bits <= MAX_SKIP_BITS; bits++) {
    const probe = from + 2 ** bits;
    try {
      const next = sql.value(`SELECT rowid FROM ${quoted} WHERE rowid >= ? ORDER BY rowid LIMIT 1`, [probe]);
      if (next === undefined) return null;
      // Readable from here: resume just before it.
      if (rowsReadable(sql, quoted, Number(next))) return Number(next) - 1;
    } catch {
      // Still inside the damage; jump further.
    }
  }
  return null;
}

function rowsReadable(sql: SqlClient, quoted: string, rowid: number): boolean {
  try {
    sql.all(`SELECT * FROM ${quoted} WHERE rowid >= ? ORDER BY rowid LIMIT 1`, [rowid]);
    return true;
  } catch {
    return false;
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
