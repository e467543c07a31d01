import { invalidInput } from '../../shared/errors';
import type { AssistantPatch, NewAssistant } from './repositories';
import type { Assistant, JsonValue } from '../../shared/entities';
import { requireId, requireJson, requireName, requireObject, requireText, requireTimestamp } from '../../shared/validate';

export const DEFAULT_ASSISTANT_ID = 'default';

function requireToolNames(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((tool) => typeof tool === 'string')) {
    throw invalidInput('allowedTools must be a list of tool names.');
  }
  return [...value];
}

function requireModelSettings(value: unknown): { [key: string]: JsonValue } {
  requireObject(value, 'modelSettings');
  return requireJson(value, 'modelSettings') as { [key: string]: JsonValue };
}

/** Checks a new assistant the same way for every implementation and fills in the defaults. */
export function prepareAssistant(input: NewAssistant): Assistant {
  requireObject(input, 'An assistant');
  const allowedTools = requireToolNames(input.allowedTools ?? []);
  const modelSettings = requireModelSettings(input.modelSettings ?? {});
  const createdAt = requireTimestamp(input.createdAt, 'createdAt');
  return {
    id: requireId(input.id, 'Assistant id'),
    name: requireName(input.name, 'Assistant name'),
    description: requireText(input.description ?? '', 'description'),
    systemPrompt: requireText(input.systemPrompt ?? '', 'systemPrompt'),
    allowedTools,
    modelSettings: structuredClone(modelSettings),
    isDefault: false,
    createdAt,
    updatedAt: createdAt,
  };
}

/** Applies a checked patch to an assistant; fields left out keep their values. */
export function applyAssistantPatch(assistant: Assistant, patch: AssistantPatch, at: number): Assistant {
  requireObject(patch, 'Assistant changes');
  return {
    ...assistant,
    name: patch.name === undefined ? assistant.name : requireName(patch.name, 'Assistant name'),
    description: patch.description === undefined ? assistant.description : requireText(patch.description, 'description'),
    systemPrompt: patch.systemPrompt === undefined ? assistant.systemPrompt : requireText(patch.systemPrompt, 'systemPrompt'),
    allowedTools: patch.allowedTools === undefined ? assistant.allowedTools : requireToolNames(patch.allowedTools),
    modelSettings: patch.modelSettings === undefined ? assistant.modelSettings : requireModelSettings(patch.modelSettings),
    updatedAt: requireTimestamp(at, 'updatedAt'),
  };
}
