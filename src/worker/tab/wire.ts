import { isErrorCode } from '../../shared/errors';
import type { ChangeEvent } from '../change-feed';
import type { Wire } from './owner-link';

type Fields = Record<string, unknown>;

const text = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 200;

const WHOLE_KINDS = new Set(['all', 'sessions', 'assistants', 'settings', 'restored']);
const SESSION_KINDS = new Set(['messages', 'content', 'questions']);

function changeEvent(value: unknown): ChangeEvent | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { kind, sessionId } = value as Fields;
  if (typeof kind !== 'string') return undefined;
  if (WHOLE_KINDS.has(kind)) return { kind } as ChangeEvent;
  if (SESSION_KINDS.has(kind) && text(sessionId)) return { kind, sessionId } as ChangeEvent;
  return undefined;
}

/**
 * A message heard on the tabs' channel, if it is one the workers send; undefined for anything
 * else. Any page of this origin can post on a BroadcastChannel, so nothing is trusted for its
 * shape: a call's arguments are a list, ids and paths are short text, an error has a known code,
 * a change event is one the views know. (Paths are looked up in the call table's own Map, so
 * `__proto__` or `constructor` reach nothing: call-table.ts.)
 */
export function parseWire(data: unknown): Wire | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const message = data as Fields;
  switch (message.t) {
    case 'call':
      return text(message.id) && text(message.from) && text(message.path) && Array.isArray(message.args)
        ? { t: 'call', id: message.id, from: message.from, path: message.path, args: message.args }
        : undefined;
    case 'ack':
      return text(message.id) && text(message.to) && text(message.owner)
        ? { t: 'ack', id: message.id, to: message.to, owner: message.owner }
        : undefined;
    case 'result': {
      if (!text(message.id) || !text(message.to)) return undefined;
      if (message.ok === true) return { t: 'result', id: message.id, to: message.to, ok: true, value: message.value };
      const error = message.error as Fields | null;
      if (message.ok !== false || typeof error !== 'object' || error === null) return undefined;
      if (!isErrorCode(error.code) || typeof error.message !== 'string') return undefined;
      return { t: 'result', id: message.id, to: message.to, ok: false, error: { code: error.code, message: error.message } };
    }
    case 'owner':
      return text(message.owner) && text(message.proof) ? { t: 'owner', owner: message.owner, proof: message.proof } : undefined;
    case 'change': {
      const event = changeEvent(message.event);
      return event ? { t: 'change', event } : undefined;
    }
    default:
      return undefined;
  }
}
