import type { Assistant } from '../../shared/entities';
import type { ChangeFeed } from '../change-feed';
import type { ContentService } from '../content/content-service';
import type { Repositories } from '../db/repositories';
import type { SearchService } from '../search/search-service';
import type { SettingsService } from '../settings/settings-service';
import { AgentService } from './agent-service';
import type { ModelTurn } from './model-turn';
import { OfflineAssistant } from './offline-assistant';
import { ProviderTurn } from './provider-turn';
import type { ProviderSettings } from './providers/provider-settings';
import { ToolGate } from './tool-gate';
import { ToolQuestions } from './tool-questions';
import { ToolRunner } from './tool-runner';
import { parseToolArguments } from './tools';

export interface AgentParts {
  repos: Repositories;
  changes: ChangeFeed;
  content: ContentService;
  search: SearchService;
  providers: ProviderSettings;
  settings: SettingsService;
  /** The offline assistant writes a word every this many ms (an e2e test hook), so a test can stop it midway. */
  slowAssistantTickMs?: number;
}

/** The agent over the worker's services: the entry of the chunk loaded for the first answer (lazy-agent.ts). */
export function createAgent(parts: AgentParts): AgentService {
  const { repos, changes, content, search, providers, settings } = parts;
  const offline = new OfflineAssistant(
    parts.slowAssistantTickMs ? { wordsPerTick: 1, tickMs: parts.slowAssistantTickMs } : undefined,
  );
  const turnFor = (assistant: Assistant) => modelTurn(assistant, providers, settings, offline);
  const tools = new ToolRunner(content, search, parseToolArguments);
  const questions = new ToolQuestions(changes);
  const gate = new ToolGate(repos, changes, questions);
  return new AgentService(repos, changes, tools, gate, questions, turnFor, () => settings.get().agent);
}

/** An assistant with a provider and a model asks it; any other answers offline from the documents. */
function modelTurn(assistant: Assistant, providers: ProviderSettings, settings: SettingsService, offline: ModelTurn): ModelTurn {
  const { providerId, model, temperature, maxTokens, thinkingBudget } = assistant.modelSettings;
  const provider = typeof providerId === 'string' ? providers.get(providerId) : undefined;
  if (!provider || typeof model !== 'string' || model === '') return offline;
  const connection = { baseUrl: provider.baseUrl, apiKey: provider.apiKey || undefined };
  const { historyMessages, historyTokens } = settings.get().agent;
  const limits = { maxMessages: historyMessages, maxTokens: historyTokens };
  const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
  return new ProviderTurn(provider.kind, connection, model, limits, {
    temperature: number(temperature),
    maxTokens: number(maxTokens),
    thinkingBudget: number(thinkingBudget),
  });
}
