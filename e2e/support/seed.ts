import type { Page } from '@playwright/test';
import type { Message } from '../../src/shared/entities';
import type { TestWindow } from './app';

/** Creates a session through the API and fills it with `messages` (ids, roles and content given). */
export async function seedSession(page: Page, name: string, messages: Partial<Message>[], idPrefix = 'seed'): Promise<string> {
  return page.evaluate(
    async ({ name, messages, idPrefix }) => {
      const api = (window as unknown as TestWindow).libragent;
      const session = await api.sessions.create({ name });
      const base = Date.now();
      await api.messages.insertMany(
        (messages as Partial<Message>[]).map((m, i) => ({
          id: `${idPrefix}-${i}`,
          sessionId: session.id,
          role: 'assistant' as const,
          content: '',
          toolCalls: null,
          toolCallId: null,
          isStreaming: false,
          thinking: null,
          thinkingSignature: null,
          assistantId: null,
          attachments: null,
          toolUse: null,
          createdAt: base + i,
          updatedAt: base + i,
          source: null,
          error: null,
          ...m,
        })) as Message[],
      );
      return session.id;
    },
    { name, messages: messages as object[], idPrefix },
  );
}
