import { DEFAULT_CHUNK_OPTIONS, DEFAULT_LIMITS, validateChunkOptions, validateLimits } from '../../lib/content/limits';
import type { ChunkOptions, ContentLimits } from '../../lib/content/limits';
import type { Repositories } from '../../lib/db/repositories';
import type { ChangeFeed } from '../change-feed';

/** Everything a user can change in Settings, with its defaults. */
export interface AppSettings {
  contentLimits: ContentLimits;
  chunking: ChunkOptions;
}

const KEYS = { contentLimits: 'content.limits', chunking: 'content.chunking' } as const;

/** Reads and writes the user's settings: stored as JSON in the settings table, validated both ways. */
export class SettingsService {
  constructor(
    private readonly repos: Repositories,
    private readonly changes: ChangeFeed,
  ) {}

  get(): AppSettings {
    return {
      contentLimits: validateLimits(this.repos.settings.get(KEYS.contentLimits) ?? DEFAULT_LIMITS),
      chunking: validateChunkOptions(this.repos.settings.get(KEYS.chunking) ?? DEFAULT_CHUNK_OPTIONS),
    };
  }

  /** Validates and saves the given parts; the rest keep their values. */
  update(patch: Partial<AppSettings>): AppSettings {
    const current = this.get();
    const next: AppSettings = {
      contentLimits: validateLimits({ ...current.contentLimits, ...(patch?.contentLimits ?? {}) }),
      chunking: validateChunkOptions({ ...current.chunking, ...(patch?.chunking ?? {}) }),
    };
    this.repos.transaction(() => {
      this.repos.settings.set(KEYS.contentLimits, { ...next.contentLimits });
      this.repos.settings.set(KEYS.chunking, { ...next.chunking });
    });
    this.changes.emit({ kind: 'settings' });
    return next;
  }
}
