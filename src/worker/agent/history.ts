/**
 * Builds the messages of a chat request from the stored history of a session: the assistant's
 * system prompt, then the most recent messages that fit a message count and a token budget.
 *
 * The window is cut in whole "turns": an assistant message that called tools travels with the
 * `tool` messages answering it, because providers refuse a tool result without its call and a call
 * without its results. Calls that never got a result (a stopped run) are left out of the request
 * for the same reason, and a `tool` message whose call is not in the history is never sent.
 */
import type { Message, ToolCall } from '../../shared/entities';
import type { AssistantMessage, ChatRequestMessage, ToolResultMessage } from './chat-messages';

export interface HistoryOptions {
  /** The assistant's system prompt; sent first unless blank. */
  systemPrompt: string;
  /**
   * The session's messages, oldest first. Leave out the placeholder of the answer being generated.
   * Stored `system` messages are not sent: several chat templates refuse a system message anywhere
   * but first.
   */
  messages: readonly Message[];
  /** At most this many history messages (the system prompt not counted). */
  maxMessages: number;
  /**
   * Token budget for the system prompt and the history, as `estimateTokens` counts. Keep room
   * below the model's context length for the tool definitions and the answer.
   */
  maxTokens: number;
  /**
   * Keep the signed reasoning of assistant messages (`reasoning`) and the failure flag of tool
   * results (`is_error`), for the native Anthropic and Gemini requests. Off for OpenAI-compatible
   * servers, which neither need nor (DeepSeek) accept it.
   */
  keepThinking?: boolean;
}

/**
 * An ESTIMATE of the tokens of a text, ceil(characters / 4): near the truth for English prose with
 * common tokenizers, low for code and for languages written without spaces. It only needs to keep
 * requests roughly inside the context; no tokenizer is shipped to the browser for it.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Consecutive messages that are kept or dropped together. */
interface Turn {
  messages: ChatRequestMessage[];
  tokens: number;
  /** The turn is the user's message (the newest one is always kept). */
  isUser: boolean;
}

function tokensOf(message: ChatRequestMessage): number {
  const calls = message.role === 'assistant' ? (message.tool_calls ?? []) : [];
  return (
    estimateTokens(message.content ?? '') +
    calls.reduce((sum, call) => sum + estimateTokens(call.function.name + call.function.arguments), 0)
  );
}

function turnOf(messages: ChatRequestMessage[], isUser = false): Turn {
  return { messages, tokens: messages.reduce((sum, message) => sum + tokensOf(message), 0), isUser };
}

/** The user's text with a note listing the attached files, so the model can read them by id. */
function userContent(message: Message): string {
  const attachments = message.attachments ?? [];
  if (attachments.length === 0) return message.content;
  const list = attachments.map((item) => `${JSON.stringify(item.filename)} (content_id: ${item.contentId})`).join(', ');
  const note = `[Attached files, readable with read_content: ${list}]`;
  return message.content.trim() === '' ? note : `${message.content}\n\n${note}`;
}

/** A tool's error is its result for the model: it needs to know the call failed. */
function toolResult(message: Message, callId: string, keepThinking: boolean): ToolResultMessage {
  const content = message.content === '' && message.error ? `Error: ${message.error}` : message.content;
  return { role: 'tool', tool_call_id: callId, content, ...(keepThinking && message.error ? { is_error: true } : {}) };
}

/** The signed reasoning of an answer, when it has both parts. */
function reasoningOf(message: Message, keepThinking: boolean): Pick<AssistantMessage, 'reasoning'> {
  if (!keepThinking || !message.thinkingSignature) return {};
  return { reasoning: { thinking: message.thinking ?? '', signature: message.thinkingSignature } };
}

/** Groups the messages into turns, in order, dropping what cannot or need not be sent. */
function turnsOf(messages: readonly Message[], keepThinking: boolean): Turn[] {
  const slots: ({ turn: Turn } | { call: Message; results: Map<string, Message> })[] = [];
  const openCalls = new Map<string, Map<string, Message>>();
  for (const message of messages) {
    const empty = message.content.trim() === '';
    if (message.role === 'user') {
      if (empty && !message.attachments?.length) continue;
      slots.push({ turn: turnOf([{ role: 'user', content: userContent(message) }], true) });
    } else if (message.role === 'assistant') {
      if (message.toolCalls?.length) {
        const results = new Map<string, Message>();
        for (const call of message.toolCalls) openCalls.set(call.id, results);
        slots.push({ call: message, results });
      } else if (!empty) {
        slots.push({ turn: turnOf([{ role: 'assistant', content: message.content, ...reasoningOf(message, keepThinking) }]) });
      }
    } else if (message.role === 'tool' && message.toolCallId !== null) {
      // The first result of a call counts; results of unknown calls are orphans and are dropped.
      const results = openCalls.get(message.toolCallId);
      if (results && !results.has(message.toolCallId)) results.set(message.toolCallId, message);
    }
  }
  return slots.flatMap((slot) => {
    if ('turn' in slot) return [slot.turn];
    const { call, results } = slot;
    const answered = (call.toolCalls ?? []).filter((item: ToolCall) => results.has(item.id));
    const content = call.content.trim() === '' ? null : call.content;
    if (answered.length === 0) return content === null ? [] : [turnOf([{ role: 'assistant', content }])];
    const assistant: AssistantMessage = {
      role: 'assistant',
      content,
      tool_calls: answered.map((item) => structuredClone(item)),
      ...reasoningOf(call, keepThinking),
    };
    // Results follow their call directly, in the order of the calls, as providers require.
    return [turnOf([assistant, ...answered.map((item) => toolResult(results.get(item.id) as Message, item.id, keepThinking))])];
  });
}

/**
 * A failed message with nothing to show. Tool messages are kept (their error is the result), and
 * so are tool calls (their results would be orphaned).
 */
function isFailedEmpty(message: Message): boolean {
  return Boolean(message.error) && message.content === '' && message.role !== 'tool' && !message.toolCalls?.length;
}

/**
 * The request messages: `[system prompt?, ...window]`. The window is the longest run of the newest
 * turns within `maxMessages` and `maxTokens`. The newest user message is always sent: when it does
 * not fit, it is put first anyway, before whatever later turns fit (the tool calls of the running
 * answer), so the model still sees the question. Messages with an `error` and no content are
 * skipped, and so are assistant messages with nothing to say.
 */
export function buildRequestMessages(options: HistoryOptions): ChatRequestMessage[] {
  const { systemPrompt, messages, maxMessages, maxTokens, keepThinking = false } = options;
  const head: ChatRequestMessage[] = systemPrompt.trim() === '' ? [] : [{ role: 'system', content: systemPrompt }];
  const turns = turnsOf(
    messages.filter((message) => !isFailedEmpty(message)),
    keepThinking,
  );
  let count = 0;
  let tokens = head.reduce((sum, message) => sum + tokensOf(message), 0);
  let first = turns.length;
  while (first > 0) {
    const turn = turns[first - 1];
    if (count + turn.messages.length > maxMessages || tokens + turn.tokens > maxTokens) break;
    count += turn.messages.length;
    tokens += turn.tokens;
    first--;
  }
  const window = turns.slice(first);
  const lastUser = turns.findLastIndex((turn) => turn.isUser);
  if (lastUser !== -1 && lastUser < first) window.unshift(turns[lastUser]);
  return [...head, ...window.flatMap((turn) => turn.messages)];
}
