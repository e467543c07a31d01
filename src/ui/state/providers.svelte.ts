import type { Remote } from 'comlink';
import type { ProviderView, WorkerApi } from '../../shared/api';
import { sameAddress } from '../../shared/addresses';
import { KIND_INFO, type ProviderKind } from '../../shared/provider-kind';
import { describeError } from './connection.svelte';

const EMPTY = { kind: 'openai-compatible' as ProviderKind, name: '', baseUrl: '', apiKey: '' };

/** The saved model providers, the form that adds or edits one, and the models a provider offers. */
export class Providers {
  list = $state.raw<ProviderView[]>([]);
  form = $state({ ...EMPTY });
  /** The provider the form edits; null while it adds a new one. */
  editing = $state.raw<ProviderView | null>(null);
  error = $state<string | null>(null);
  models = $state.raw<string[]>([]);
  /** How asking for the models went: under way, how many, or why not. */
  modelsNote = $state<string | null>(null);
  /** The id of the models request under way, which Cancel stops. */
  modelsRequest = $state<string | null>(null);

  constructor(private readonly api: Remote<WorkerApi>) {}

  async refresh(): Promise<void> {
    this.list = await this.api.providers.list();
  }

  /** Fills the form with a kind's usual name and address, keeping a key already typed. */
  preset(kind: ProviderKind): void {
    this.form = { kind, name: KIND_INFO[kind].presetName, baseUrl: KIND_INFO[kind].presetBaseUrl, apiKey: this.form.apiKey };
  }

  /** Saves the form: a new provider, or the one being edited (its key kept only if the form leaves it empty and the address is the same). */
  async save(): Promise<void> {
    const { kind, name, baseUrl, apiKey } = this.form;
    const id = this.editing?.id;
    await this.change(async () => {
      await this.api.providers.save({ ...(id ? { id } : {}), kind, name, baseUrl, apiKey: apiKey || undefined });
      this.form = { ...EMPTY };
      this.editing = null;
    });
  }

  /** Puts a saved provider in the form; its key is never shown, so the key field starts empty. */
  edit(provider: ProviderView): void {
    this.editing = provider;
    this.form = { kind: provider.kind, name: provider.name, baseUrl: provider.baseUrl, apiKey: '' };
    this.error = null;
  }

  cancelEdit(): void {
    this.editing = null;
    this.form = { ...EMPTY };
    this.error = null;
  }

  /**
   * Whether the provider being edited has a key that saving the form would drop: a key is only
   * sent to the exact address it was saved with, so a new address needs the key entered again.
   */
  get keyLeftBehind(): boolean {
    const editing = this.editing;
    return editing !== null && editing.hasApiKey && this.form.apiKey === '' && !sameAddress(this.form.baseUrl, editing.baseUrl);
  }

  async remove(provider: ProviderView): Promise<void> {
    await this.change(() => this.api.providers.delete(provider.id));
  }

  async loadModels(providerId: string): Promise<void> {
    if (!providerId || this.modelsRequest) return;
    const requestId = crypto.randomUUID();
    this.modelsRequest = requestId;
    this.modelsNote = 'Asking the provider for its models…';
    try {
      this.models = await this.api.providers.models(providerId, requestId);
      this.modelsNote = `${this.models.length} models available.`;
    } catch (failure) {
      this.models = [];
      const { code, message } = describeError(failure);
      this.modelsNote = code === 'Cancelled' ? 'Cancelled.' : message;
    } finally {
      this.modelsRequest = null;
    }
  }

  /** Stops asking for the models (the worker also gives up by itself after 30 s). */
  async cancelModels(): Promise<void> {
    if (this.modelsRequest) await this.api.providers.cancelModels(this.modelsRequest);
  }

  private async change(work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
      this.error = null;
      await this.refresh();
    } catch (failure) {
      this.error = describeError(failure).message;
    }
  }
}
