/**
 * The kinds of provider, their names and preset addresses: plain data, so the UI can import it
 * without the streaming clients (provider-kinds.ts has those).
 */
export const PROVIDER_KINDS = ['openai-compatible', 'anthropic', 'gemini'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export function isProviderKind(value: unknown): value is ProviderKind {
  return (PROVIDER_KINDS as readonly unknown[]).includes(value);
}

export interface KindInfo {
  label: string;
  /** Filled in by the preset button: the provider's public API address. */
  presetName: string;
  presetBaseUrl: string;
}

export const KIND_INFO: Readonly<Record<ProviderKind, KindInfo>> = {
  'openai-compatible': { label: 'OpenAI-compatible', presetName: 'Ollama', presetBaseUrl: 'http://localhost:11434/v1' },
  anthropic: { label: 'Anthropic', presetName: 'Anthropic', presetBaseUrl: 'https://api.anthropic.com/v1' },
  gemini: { label: 'Google Gemini', presetName: 'Gemini', presetBaseUrl: 'https://generativelanguage.googleapis.com/v1beta' },
};
