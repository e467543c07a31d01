import type { Services } from '../compose';
import type { AppSettings } from './settings-service';

/** The user's settings: the agent's limits, chunking, content limits, search. */
export const settingsHandlers = (services: () => Services) => ({
  /** Every setting, with the defaults for those never saved. */
  get: (): AppSettings => services().settings.get(),

  /** What is wrong with the saved settings, a line per part; each such part is used with its defaults. */
  problems: (): string[] => services().settings.problems(),

  /** Validates and saves the given parts, the rest keep their values; InvalidInput names the first bad value. */
  update: (patch: Partial<AppSettings>): AppSettings => services().settings.update(patch),
});
