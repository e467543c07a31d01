/**
 * The kinds of provider the app speaks to natively, with what differs between them: the preset
 * address, the streaming call and the model list. Everything else (persistence while streaming,
 * Stop, errors) is shared, so a ModelTurn only picks from here by the provider's kind.
 */
import { anthropicModelsRequest, streamAnthropic } from './anthropic-provider';
import { geminiModelsRequest, streamGemini } from './gemini-provider';
import type { ChatStreamState } from './openai-stream';
import {
  listModels,
  OPENAI_MODEL_LIST,
  streamChat,
  type ChatRequest,
  type ModelListShape,
  type ProviderConnection,
} from './provider';

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

type Stream = (request: ChatRequest) => AsyncGenerator<ChatStreamState, ChatStreamState, undefined>;

const STREAMS: Readonly<Record<ProviderKind, Stream>> = {
  'openai-compatible': streamChat,
  anthropic: streamAnthropic,
  gemini: streamGemini,
};

const MODEL_LISTS: Readonly<Record<ProviderKind, ModelListShape>> = {
  'openai-compatible': OPENAI_MODEL_LIST,
  anthropic: { request: anthropicModelsRequest, ids: OPENAI_MODEL_LIST.ids },
  gemini: {
    request: geminiModelsRequest,
    ids: (json) => {
      const models = (json as { models?: unknown } | null)?.models;
      if (!Array.isArray(models)) return undefined;
      return models.map((model: { name?: unknown } | null) =>
        typeof model?.name === 'string' ? model.name.replace(/^models\//, '') : undefined,
      );
    },
  },
};

/** Streams an answer from a provider of this kind (see streamChat for the contract). */
export function streamFor(kind: ProviderKind): Stream {
  return STREAMS[kind];
}

/** The provider's model ids. */
export function listModelsFor(kind: ProviderKind, connection: ProviderConnection): Promise<string[]> {
  return listModels(connection, MODEL_LISTS[kind]);
}
