import { sameAddress } from '../../../shared/addresses';
import { isProviderKind, type ProviderKind } from '../../../shared/provider-kind';
import { AppError, invalidInput, notFound } from '../../../shared/errors';
import type { Repositories } from '../../db/repositories';
import type { JsonValue } from '../../../shared/entities';
import { optionalText, requireName, requireObject, requireText } from '../../../shared/validate';
import type { ChangeFeed } from '../../change-feed';
import { lazyChunk } from '../../load-chunk';
import { Cancellable } from '../cancellable';

const loadProviderKinds = lazyChunk('model providers', () => import('./provider-kinds'));

/** How long Load models waits for a provider's list, in all. */
const MODELS_TIMEOUT_MS = 30_000;

/** A model provider as stored: the API key lives only here, in the local database. */
export interface ProviderConfig {
  id: string;
  /** Which API it speaks; providers saved before kinds existed are OpenAI-compatible. */
  kind: ProviderKind;
  name: string;
  baseUrl: string;
  apiKey: string;
}

/** What the UI sees of a provider: never the key itself, only whether there is one and its end. */
export interface ProviderView {
  id: string;
  kind: ProviderKind;
  name: string;
  baseUrl: string;
  hasApiKey: boolean;
  apiKeyHint: string;
}

export interface ProviderInput {
  id?: string;
  /** Defaults to 'openai-compatible' (or, when editing, the provider's kind). */
  kind?: ProviderKind;
  name: string;
  baseUrl: string;
  /** Left out: keep the stored key, if the address is exactly the one it was saved with (else none). Empty: remove it. */
  apiKey?: string;
}

const KEY = 'providers';

/**
 * Model providers: OpenAI-compatible ones (OpenAI, Ollama, LM Studio, ...), Anthropic and Gemini. Keys stay in the device's
 * database, are shown masked, and are never sent anywhere but their own provider.
 */
export class ProviderSettings {
  private readonly modelRequests = new Cancellable();

  constructor(
    private readonly repos: Repositories,
    private readonly changes: ChangeFeed,
    private readonly modelsTimeoutMs = MODELS_TIMEOUT_MS,
  ) {}

  list(): ProviderView[] {
    return this.all().map(({ apiKey, ...rest }) => ({
      ...rest,
      hasApiKey: apiKey !== '',
      apiKeyHint: apiKey === '' ? '' : `••••${apiKey.slice(-4)}`,
    }));
  }

  /** The full configuration, key included: for the worker's own requests only. */
  get(providerId: string): ProviderConfig | undefined {
    return this.all().find((provider) => provider.id === providerId);
  }

  save(input: ProviderInput): ProviderView {
    requireObject(input, 'Provider');
    const name = requireName(input.name, 'Provider name');
    const baseUrl = requireBaseUrl(input.baseUrl);
    const providers = this.all();
    const existing = input.id === undefined ? undefined : providers.find((provider) => provider.id === input.id);
    if (input.id !== undefined && !existing) throw notFound(`Provider ${input.id} does not exist.`);
    const kind = input.kind ?? existing?.kind ?? 'openai-compatible';
    if (!isProviderKind(kind)) throw invalidInput('The provider kind must be openai-compatible, anthropic or gemini.');
    // A stored key is only ever sent to the exact address it was entered for: a new address
    // (another path of the same host too) has no key until one is entered for it.
    const keepKey = existing !== undefined && sameAddress(existing.baseUrl, baseUrl);
    const apiKey = input.apiKey === undefined ? (keepKey ? existing.apiKey : '') : requireText(input.apiKey, 'API key').trim();
    const saved: ProviderConfig = { id: existing?.id ?? crypto.randomUUID(), kind, name, baseUrl, apiKey };
    this.store(existing ? providers.map((provider) => (provider.id === saved.id ? saved : provider)) : [...providers, saved]);
    return this.list().find((provider) => provider.id === saved.id) as ProviderView;
  }

  /** Refused with InUse while an assistant uses the provider. */
  delete(providerId: string): void {
    const providers = this.all();
    if (!providers.some((provider) => provider.id === providerId)) throw notFound(`Provider ${providerId} does not exist.`);
    const users = this.repos.assistants.list().filter((assistant) => assistant.modelSettings.providerId === providerId);
    if (users.length > 0) {
      throw new AppError(
        'InUse',
        `Used by ${users.map((assistant) => assistant.name).join(', ')}: choose another provider for them first.`,
      );
    }
    this.store(providers.filter((provider) => provider.id !== providerId));
  }

  /**
   * The models the provider offers, from its /models endpoint, within MODELS_TIMEOUT_MS in all;
   * `cancelModels(requestId)` stops the request (it then rejects with Cancelled).
   */
  async models(providerId: string, requestId?: string): Promise<string[]> {
    const provider = this.get(providerId);
    if (!provider) throw notFound(`Provider ${providerId} does not exist.`);
    const options = {
      deadlineMs: this.modelsTimeoutMs,
      cancelledMessage: `Asking ${provider.name} for its models was cancelled.`,
      timedOut: () =>
        new AppError(
          'ProviderUnavailable',
          `${provider.name} did not send its models within ${this.modelsTimeoutMs / 1000} s. Check its address and that it is running, then try again.`,
        ),
    };
    return this.modelRequests.run(requestId, options, async (signal) => {
      // The providers' code loads with the first answer or model list, not at start (load-chunk.ts).
      const { listModelsFor } = await loadProviderKinds();
      return listModelsFor(provider.kind, { baseUrl: provider.baseUrl, apiKey: provider.apiKey || undefined, signal });
    });
  }

  /** Stops a running `models` request; an unknown or finished one is ignored. */
  cancelModels(requestId: string): void {
    this.modelRequests.cancel(requestId);
  }

  private all(): ProviderConfig[] {
    const stored = this.repos.settings.get(KEY);
    const providers = Array.isArray(stored) ? (stored as unknown as ProviderConfig[]) : [];
    return providers.map((provider) => ({
      ...provider,
      kind: isProviderKind(provider.kind) ? provider.kind : 'openai-compatible',
    }));
  }

  private store(providers: ProviderConfig[]): void {
    this.repos.settings.set(KEY, providers as unknown as JsonValue);
    this.changes.emit({ kind: 'settings' });
  }
}

function requireBaseUrl(value: unknown): string {
  const text = optionalText(value, 'Base URL')?.trim() ?? '';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalidInput(`“${text}” is not a URL. Use the address of the API, e.g. https://api.openai.com/v1.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw invalidInput('The base URL must start with https:// or http://.');
  return url.href.replace(/\/+$/, '');
}
