import type { SettingsRepository } from '../repositories';
import type { JsonValue } from '../../../shared/entities';
import { requireId, requireJson } from '../../../shared/validate';
import type { MemoryDatabase } from './memory-database';
import { copy } from './memory-state';

export class MemorySettingsRepository implements SettingsRepository {
  constructor(private readonly db: MemoryDatabase) {}

  get(key: string): JsonValue | undefined {
    requireId(key, 'Setting key');
    const value = this.db.state.settings.get(key);
    return value === undefined ? undefined : copy(value);
  }

  set(key: string, value: JsonValue): void {
    requireId(key, 'Setting key');
    this.db.state.settings.set(key, copy(requireJson(value, `Setting ${key}`)));
  }
}
