import type { Remote } from 'comlink';
import type { WorkerApi } from '../../shared/api';
import { describeError } from './connection.svelte';

const MB = 1024 * 1024;

/** The settings as the form edits them: every value as typed, sizes in MB. */
export interface SettingsFields {
  maxFileMb: string;
  maxPdfPages: string;
  maxSheetRows: string;
  linesPerChunk: string;
  maxChars: string;
  overlapLines: string;
  historyMessages: string;
  historyTokens: string;
  maxSteps: string;
  maxToolCalls: string;
  indexIntervalSeconds: string;
}

/** What the form calls each field: its label, and the name its errors use. */
export const FIELD_LABELS: Record<keyof SettingsFields, string> = {
  maxFileMb: 'Largest file (MB)',
  maxPdfPages: 'Most PDF pages',
  maxSheetRows: 'Most spreadsheet rows',
  linesPerChunk: 'Lines per chunk',
  maxChars: 'Characters per chunk',
  overlapLines: 'Overlap lines',
  historyMessages: 'Past messages sent with each request',
  historyTokens: 'Token budget for them (about 4 characters each)',
  maxSteps: 'Most steps (tool rounds) per answer',
  maxToolCalls: 'Most tool calls per answer',
  indexIntervalSeconds: 'Index and compact search every (seconds)',
};

/** The worker's names for the same values, so its refusals can name the field the user sees. */
const WORKER_NAMES: Record<string, keyof SettingsFields> = {
  maxFileBytes: 'maxFileMb',
  maxPdfPages: 'maxPdfPages',
  maxSheetRows: 'maxSheetRows',
  linesPerChunk: 'linesPerChunk',
  maxChars: 'maxChars',
  overlapLines: 'overlapLines',
  historyMessages: 'historyMessages',
  historyTokens: 'historyTokens',
  maxSteps: 'maxSteps',
  maxToolCalls: 'maxToolCalls',
  indexIntervalSeconds: 'indexIntervalSeconds',
};

/** "Largest file (MB) must be a number, such as 50." for the first field that is not one. */
function notANumber(fields: SettingsFields, loaded: SettingsFields | null): string | null {
  for (const key of Object.keys(FIELD_LABELS) as (keyof SettingsFields)[]) {
    const typed = fields[key].trim();
    if (typed === '' || !Number.isFinite(Number(typed))) {
      const example = loaded && Number.isFinite(Number(loaded[key])) ? `, such as ${loaded[key]}` : '';
      return `${FIELD_LABELS[key]} must be a number${example}. Nothing was saved.`;
    }
  }
  return null;
}

/** The worker's "maxFileBytes must be …" as "Largest file (MB) must be …". */
function inFormWords(message: string): string {
  return message.replace(/\b[a-z][A-Za-z]+\b/g, (word) =>
    Object.hasOwn(WORKER_NAMES, word) ? FIELD_LABELS[WORKER_NAMES[word]] : word,
  );
}

/** The settings form: reads the worker's settings into text fields and saves them back. */
export class SettingsForm {
  fields = $state<SettingsFields>({
    maxFileMb: '',
    maxPdfPages: '',
    maxSheetRows: '',
    linesPerChunk: '',
    maxChars: '',
    overlapLines: '',
    historyMessages: '',
    historyTokens: '',
    maxSteps: '',
    maxToolCalls: '',
    indexIntervalSeconds: '',
  });
  error = $state<string | null>(null);
  saved = $state(false);
  /** Saved settings the worker refused and replaced by their defaults, a line per part (shown until saved). */
  problems = $state.raw<string[]>([]);
  /** The values as last read or saved: the form is edited when it differs from them. */
  private loaded = $state.raw<SettingsFields | null>(null);

  constructor(private readonly api: Remote<WorkerApi>) {}

  /** Read and not edited since: safe to read again when the settings change elsewhere. */
  get unedited(): boolean {
    return this.loaded !== null && JSON.stringify(this.fields) === JSON.stringify(this.loaded);
  }

  /** The dialog opens: no message from last time. */
  reset(): void {
    this.error = null;
    this.saved = false;
  }

  async load(): Promise<void> {
    const [settings, problems] = await Promise.all([this.api.settings.get(), this.api.settings.problems()]);
    this.problems = problems;
    this.fields = {
      maxFileMb: String(settings.contentLimits.maxFileBytes / MB),
      maxPdfPages: String(settings.contentLimits.maxPdfPages),
      maxSheetRows: String(settings.contentLimits.maxSheetRows),
      linesPerChunk: String(settings.chunking.linesPerChunk),
      maxChars: String(settings.chunking.maxChars),
      overlapLines: String(settings.chunking.overlapLines),
      historyMessages: String(settings.agent.historyMessages),
      historyTokens: String(settings.agent.historyTokens),
      maxSteps: String(settings.agent.maxSteps),
      maxToolCalls: String(settings.agent.maxToolCalls),
      indexIntervalSeconds: String(settings.search.indexIntervalSeconds),
    };
    this.loaded = { ...this.fields };
  }

  async save(): Promise<void> {
    const fields = this.fields;
    const refused = notANumber(fields, this.loaded);
    if (refused) {
      this.error = refused;
      this.saved = false;
      return;
    }
    try {
      await this.api.settings.update({
        contentLimits: {
          maxFileBytes: Math.round(Number(fields.maxFileMb) * MB),
          maxPdfPages: Number(fields.maxPdfPages),
          maxSheetRows: Number(fields.maxSheetRows),
        },
        chunking: {
          linesPerChunk: Number(fields.linesPerChunk),
          maxChars: Number(fields.maxChars),
          overlapLines: Number(fields.overlapLines),
        },
        agent: {
          historyMessages: Number(fields.historyMessages),
          historyTokens: Number(fields.historyTokens),
          maxSteps: Number(fields.maxSteps),
          maxToolCalls: Number(fields.maxToolCalls),
        },
        search: { indexIntervalSeconds: Number(fields.indexIntervalSeconds) },
      });
      this.loaded = { ...this.fields };
      this.error = null;
      this.problems = [];
      this.saved = true;
    } catch (failure) {
      this.error = inFormWords(describeError(failure).message);
      this.saved = false;
    }
  }
}
