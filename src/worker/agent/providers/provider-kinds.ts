/**
 * What differs between the kinds of provider the app speaks to natively: the streaming call and the model list. Everything else (persistence while streaming,
 * Stop, errors) is shared, so a ModelTurn only picks from here by the provider's kind.
 */
import { anthropicModelsRequest, streamAnthropic } from './anthropic-provider';
import { geminiModelsRequest, streamGemini } from './gemini-provider';
import type { ChatStreamState } from '../streams/chat-stream-state';
import {
  listModels,
  OPENAI_MODEL_LIST,
  streamChat,
  type ChatRequest,
  type ModelListShape,
  type ProviderConnection,
} from './provider';
import type { ProviderKind } from '../../../shared/provider-kind';

export { isProviderKind, KIND_INFO, PROVIDER_KINDS, type ProviderKind } from '../../../shared/provider-kind';

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
