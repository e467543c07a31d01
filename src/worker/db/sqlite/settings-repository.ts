import type { SettingsRepository } from '../repositories';
import type { JsonValue } from '../../../shared/entities';
import { requireId, requireJson } from '../../../shared/validate';
import type { SqlClient } from './sql-client';

export class SqliteSettingsRepository implements SettingsRepository {
  constructor(
    private readonly sql: SqlClient,
    private readonly now: () => number,
  ) {}

  get(key: string): JsonValue | undefined {
    requireId(key, 'Setting key');
    const value = this.sql.value('SELECT value FROM settings WHERE key = ?', [key]);
    return value === undefined ? undefined : (JSON.parse(String(value)) as JsonValue);
  }

  set(key: string, value: JsonValue): void {
    requireId(key, 'Setting key');
    const json = JSON.stringify(requireJson(value, `Setting ${key}`));
    this.sql.run(
      `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      [key, json, this.now()],
    );
  }
}
