import { DEFAULT_CHUNK_OPTIONS, DEFAULT_LIMITS, validateChunkOptions, validateLimits } from '../content/limits';
import type { ChunkOptions, ContentLimits } from '../content/limits';
import { invalidInput } from '../../shared/errors';
import type { Repositories } from '../db/repositories';
import { requireObject, requirePositiveInteger } from '../../shared/validate';
import type { ChangeFeed } from '../change-feed';

/** How much the agent sends and how long it may work on one answer. */
export interface AgentSettings {
  /** At most this many past messages go with each request. */
  historyMessages: number;
  /** ... and at most about this many tokens of them (estimated at 4 characters a token). */
  historyTokens: number;
  /** Model turns per answer: tool-call rounds stop here. */
  maxSteps: number;
  /** Tool calls per answer, over all its turns (one turn may ask for many): the answer stops here. */
  maxToolCalls: number;
}

/** How the search index is kept. */
export interface SearchSettings {
  /** Seconds between two indexing passes (docs/architecture.md, "Indexing pass"); 300 by default. */
  indexIntervalSeconds: number;
}

/** Everything a user can change in Settings, with its defaults. */
export interface AppSettings {
  contentLimits: ContentLimits;
  chunking: ChunkOptions;
  agent: AgentSettings;
  search: SearchSettings;
}

export const DEFAULT_SEARCH_SETTINGS: Readonly<SearchSettings> = Object.freeze({ indexIntervalSeconds: 300 });

export const DEFAULT_AGENT_SETTINGS: Readonly<AgentSettings> = Object.freeze({
  historyMessages: 60,
  historyTokens: 24_000,
  maxSteps: 8,
  maxToolCalls: 24,
});

const KEYS = { contentLimits: 'content.limits', chunking: 'content.chunking', agent: 'agent', search: 'search' } as const;

/** The keys of the settings table this service reads and writes (the providers have one more). */
export const SETTING_KEYS: readonly string[] = Object.values(KEYS);

function validateAgentSettings(input: unknown): AgentSettings {
  const value = { ...DEFAULT_AGENT_SETTINGS, ...requireObject<Partial<AgentSettings>>(input ?? {}, 'Agent settings') };
  return {
    historyMessages: requirePositiveInteger(value.historyMessages, 'History messages', 500),
    historyTokens: requirePositiveInteger(value.historyTokens, 'History tokens', 2_000_000),
    maxSteps: requirePositiveInteger(value.maxSteps, 'Steps per answer', 50),
    maxToolCalls: requirePositiveInteger(value.maxToolCalls, 'Tool calls per answer', 500),
  };
}

function validateSearchSettings(input: unknown): SearchSettings {
  const value = { ...DEFAULT_SEARCH_SETTINGS, ...requireObject<Partial<SearchSettings>>(input ?? {}, 'Search settings') };
  const seconds = requirePositiveInteger(value.indexIntervalSeconds, 'Indexing interval (seconds)', 86_400);
  if (seconds < 10) throw invalidInput('Indexing interval (seconds) must be at least 10.');
  return { indexIntervalSeconds: seconds };
}

const DEFAULTS: Record<keyof AppSettings, object> = {
  contentLimits: DEFAULT_LIMITS,
  chunking: DEFAULT_CHUNK_OPTIONS,
  agent: DEFAULT_AGENT_SETTINGS,
  search: DEFAULT_SEARCH_SETTINGS,
};

/** A patch names only settings that exist, each part an object: a typo must not pass as "no change". */
function requireSettingsPatch(patch: unknown): void {
  const parts = requireObject<Record<string, unknown>>(patch, 'Settings');
  for (const [part, fields] of Object.entries(parts)) {
    if (!Object.hasOwn(DEFAULTS, part)) throw invalidInput(`There is no setting “${part}”.`);
    if (fields === undefined) continue;
    for (const key of Object.keys(requireObject(fields, `Settings “${part}”`))) {
      if (!Object.hasOwn(DEFAULTS[part as keyof AppSettings], key)) throw invalidInput(`There is no setting “${part}.${key}”.`);
    }
  }
}

/** Reads and writes the user's settings: stored as JSON in the settings table, validated both ways. */
export class SettingsService {
  constructor(
    private readonly repos: Repositories,
    private readonly changes: ChangeFeed,
  ) {}

  /** Every setting, the defaults for those never saved, and for those saved with a value the app refuses (see `problems`). */
  get(): AppSettings {
    return this.read().settings;
  }

  /**
   * What is wrong with the saved settings, a line for each part: such a part is used with its
   * defaults instead, so that one bad value (from an old version, or a hand-edited file) never
   * breaks every answer and upload. Saving the settings replaces it.
   */
  problems(): string[] {
    return this.read().problems;
  }

  private read(): { settings: AppSettings; problems: string[] } {
    const problems: string[] = [];
    const part = <T>(key: string, label: string, validate: (input: unknown) => T, defaults: T): T => {
      try {
        return validate(this.repos.settings.get(key) ?? defaults);
      } catch (error) {
        const why = error instanceof SyntaxError ? 'the saved value is not JSON.' : (error as Error).message;
        problems.push(`${label}: ${why}`);
        return validate(defaults);
      }
    };
    const settings: AppSettings = {
      contentLimits: part(KEYS.contentLimits, 'Upload limits', validateLimits, DEFAULT_LIMITS),
      chunking: part(KEYS.chunking, 'Chunking', validateChunkOptions, DEFAULT_CHUNK_OPTIONS),
      agent: part(KEYS.agent, 'Answers', validateAgentSettings, DEFAULT_AGENT_SETTINGS),
      search: part(KEYS.search, 'Search', validateSearchSettings, DEFAULT_SEARCH_SETTINGS),
    };
    if (problems.length > 0) console.warn('Saved settings that are not valid are used with their defaults:', problems);
    return { settings, problems };
  }

  /** Validates and saves the given parts; the rest keep their values. */
  update(patch: Partial<AppSettings>): AppSettings {
    requireSettingsPatch(patch);
    const current = this.get();
    const next: AppSettings = {
      contentLimits: validateLimits({ ...current.contentLimits, ...(patch?.contentLimits ?? {}) }),
      chunking: validateChunkOptions({ ...current.chunking, ...(patch?.chunking ?? {}) }),
      agent: validateAgentSettings({ ...current.agent, ...(patch?.agent ?? {}) }),
      search: validateSearchSettings({ ...current.search, ...(patch?.search ?? {}) }),
    };
    this.repos.transaction(() => {
      this.repos.settings.set(KEYS.contentLimits, { ...next.contentLimits });
      this.repos.settings.set(KEYS.chunking, { ...next.chunking });
      this.repos.settings.set(KEYS.agent, { ...next.agent });
      this.repos.settings.set(KEYS.search, { ...next.search });
    });
    this.changes.emit({ kind: 'settings' });
    return next;
  }
}
