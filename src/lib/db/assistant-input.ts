import { invalidInput } from './errors';
import type { NewAssistant } from './repositories';
import type { Assistant, JsonValue } from './types';
import { requireId, requireName, requireObject, requireText, requireTimestamp } from './validate';

export const DEFAULT_ASSISTANT_ID = 'default';

/** Checks a new assistant the same way for every implementation and fills in the defaults. */
export function prepareAssistant(input: NewAssistant): Assistant {
  requireObject(input, 'An assistant');
  const allowedTools = input.allowedTools ?? [];
  if (!Array.isArray(allowedTools) || !allowedTools.every((tool) => typeof tool === 'string')) {
    throw invalidInput('allowedTools must be a list of tool names.');
  }
  const modelSettings = requireObject<{ [key: string]: JsonValue }>(input.modelSettings ?? {}, 'modelSettings');
  const createdAt = requireTimestamp(input.createdAt, 'createdAt');
  return {
    id: requireId(input.id, 'Assistant id'),
    name: requireName(input.name, 'Assistant name'),
    description: requireText(input.description ?? '', 'description'),
    systemPrompt: requireText(input.systemPrompt ?? '', 'systemPrompt'),
    allowedTools: [...allowedTools],
    modelSettings: structuredClone(modelSettings),
    isDefault: false,
    createdAt,
    updatedAt: createdAt,
  };
}
