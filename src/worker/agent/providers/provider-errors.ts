/**
 * The one error type of the provider client. Every failure becomes a ProviderError: an AppError
 * whose stable `code` (ProviderUnauthorized, ProviderRateLimited, ...; Cancelled when stopped)
 * crosses the worker boundary, so the UI decides on it, and whose message a user can act on.
 * Messages never contain the API key: the provider's own words are passed through `redact` first,
 * and a 401's body is not kept at all (OpenAI echoes a masked part of the key there).
 */
import { AppError, type ProviderErrorCode } from '../../../shared/errors';
import type { ChatStreamState } from '../streams/chat-stream-state';
import { formatWait, retryAfterOf } from './retry-after';

/**
 * The coarse family of a failure, derived from its code (what decides on a retry):
 * - `network`: the provider could not be reached, or the connection broke mid-answer. A browser
 *   that blocks a request for CORS reports exactly the same error, so this kind covers it too and
 *   its message says so; there is no reliable way to tell the two apart from script.
 * - `unauthorized`: 401 or 403. `rate-limited`: 429. `server`: 5xx, or an error the provider sent
 *   inside the stream. `bad-request`: 400, 404, 422 and other 4xx, or an unusable provider address.
 * - `malformed-stream`: the answer could not be read (not an event stream, invalid JSON, ended
 *   before it was complete, a model list in an unknown shape).
 * - `aborted`: the caller's AbortSignal stopped the request.
 */
export type ProviderErrorKind =
  'network' | 'unauthorized' | 'rate-limited' | 'server' | 'bad-request' | 'malformed-stream' | 'aborted';

/** A provider failure's code: its own, or Cancelled when the caller stopped the request. */
export type ProviderFailureCode = ProviderErrorCode | 'Cancelled';

const KIND_OF: Record<ProviderFailureCode, ProviderErrorKind> = {
  ProviderUnauthorized: 'unauthorized',
  ProviderForbidden: 'unauthorized',
  ProviderRateLimited: 'rate-limited',
  ProviderUnavailable: 'server',
  ProviderNotFound: 'bad-request',
  ProviderBadRequest: 'bad-request',
  ProviderBadAddress: 'bad-request',
  ProviderUnreachable: 'network',
  ProviderConnectionLost: 'network',
  ProviderBadResponse: 'malformed-stream',
  Cancelled: 'aborted',
};

export interface ProviderErrorDetails {
  /** The HTTP status, when the provider answered with an error status. */
  status?: number;
  /** How long to wait before retrying, from a 429's Retry-After (or the provider's message). */
  retryAfterMs?: number;
  /** The provider's own error message (the key redacted), for logs or a "details" view. */
  providerMessage?: string;
  /** What had arrived of the answer when a stream failed, so the caller can keep it. */
  partial?: ChatStreamState;
  cause?: unknown;
}

export class ProviderError extends AppError {
  override readonly name = 'ProviderError';
  declare readonly code: ProviderFailureCode;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly providerMessage?: string;
  readonly partial?: ChatStreamState;

  constructor(code: ProviderFailureCode, message: string, details: ProviderErrorDetails = {}) {
    super(code, message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
    this.providerMessage = details.providerMessage;
    this.partial = details.partial;
  }

  get kind(): ProviderErrorKind {
    return KIND_OF[this.code];
  }

  /** True for failures that may go away by themselves: worth a retry, perhaps after `retryAfterMs`. */
  get retryable(): boolean {
    return this.kind === 'network' || this.kind === 'rate-limited' || this.kind === 'server';
  }

  /**
   * A copy with the API key removed from its texts (a safety net over every error that leaves the
   * client, whatever the provider echoed) and, when given, the part of the answer that had arrived.
   */
  finalize(apiKey: string | undefined, partial?: ChatStreamState): ProviderError {
    const { status, retryAfterMs } = this;
    const providerMessage = this.providerMessage === undefined ? undefined : redact(this.providerMessage, apiKey);
    return new ProviderError(this.code, redact(this.message, apiKey), {
      status,
      retryAfterMs,
      providerMessage,
      partial: partial ?? this.partial,
      cause: this.cause,
    });
  }
}

const MAX_QUOTED_LENGTH = 300;

/** Removes the API key from text that is about to be shown or logged. */
export function redact(text: string, apiKey: string | undefined): string {
  const key = apiKey?.trim();
  return key ? text.split(key).join('[API key]') : text;
}

/** One line, at most MAX_QUOTED_LENGTH characters; undefined when there is nothing to quote. */
function tidy(message: unknown): string | undefined {
  if (typeof message !== 'string') return undefined;
  const text = message.replace(/\s+/g, ' ').trim();
  if (text === '') return undefined;
  return text.length > MAX_QUOTED_LENGTH ? `${text.slice(0, MAX_QUOTED_LENGTH - 1)}…` : text;
}

/** The human part of an error body: OpenAI's `{error: {message}}`, Ollama's `{error: "…"}` and others. */
export function providerMessageOf(body: string): string | undefined {
  let message: unknown;
  try {
    const json = JSON.parse(body) as { error?: unknown; message?: unknown; detail?: unknown };
    const error = json?.error;
    if (typeof error === 'string') message = error;
    else if (typeof error === 'object' && error !== null) message = (error as { message?: unknown }).message;
    message ??= json?.message;
    // FastAPI servers (vLLM) answer 422 with `detail`: a string, or a list of `{msg}`.
    if (message === undefined && typeof json?.detail === 'string') message = json.detail;
    if (message === undefined && Array.isArray(json?.detail)) {
      message = json.detail.map((item: { msg?: unknown }) => (typeof item?.msg === 'string' ? item.msg : '')).join('; ');
    }
  } catch {
    // Not JSON: plain text is quoted, an HTML error page is not (it would be a wall of markup).
    if (!body.trimStart().startsWith('<')) message = body;
  }
  return tidy(message);
}

const said = (message: string | undefined) => (message ? ` The provider said: "${message}"` : '');

/** Turns an HTTP error status into a ProviderError, reading the body for the provider's message. */
export async function errorFromResponse(response: Response, apiKey: string | undefined): Promise<ProviderError> {
  // Redacted before it is shortened, so that no cut-off piece of the key survives.
  const providerMessage = providerMessageOf(redact(await response.text().catch(() => ''), apiKey));
  const { status } = response;
  const details = { status, providerMessage };
  if (status === 401) {
    return new ProviderError(
      'ProviderUnauthorized',
      apiKey?.trim()
        ? 'The provider rejected the API key (401). Check the key in Settings.'
        : 'The provider needs an API key (401). Add one in Settings.',
      { status },
    );
  }
  if (status === 403) {
    return new ProviderError(
      'ProviderForbidden',
      `The provider refused access (403): the API key may not be allowed to use this model. Check the key and the model in Settings.${said(providerMessage)}`,
      details,
    );
  }
  if (status === 429) {
    const retryAfterMs = retryAfterOf(response.headers, providerMessage);
    const when = retryAfterMs === undefined ? 'wait a moment and try again.' : `try again in ${formatWait(retryAfterMs)}.`;
    return new ProviderError('ProviderRateLimited', `Too many requests (429): ${when}${said(providerMessage)}`, {
      ...details,
      retryAfterMs,
    });
  }
  if (status >= 500) {
    return new ProviderError(
      'ProviderUnavailable',
      `The provider failed to answer (${status}). Try again in a moment.${said(providerMessage)}`,
      details,
    );
  }
  if (status === 404) {
    return new ProviderError(
      'ProviderNotFound',
      `The provider did not find what was asked for (404). Check the model name and the provider address in Settings (it usually ends in /v1).${said(providerMessage)}`,
      details,
    );
  }
  if (status >= 400) {
    return new ProviderError(
      'ProviderBadRequest',
      `The provider refused the request (${status}).${providerMessage ? said(providerMessage) : ' Check the model and its settings.'}`,
      details,
    );
  }
  return new ProviderError(
    'ProviderUnavailable',
    `The provider gave an unexpected answer (HTTP ${status}). Try again in a moment.`,
    details,
  );
}

/** The code of an error sent inside a stream, from its status or its type and code labels. */
function streamErrorCode(status: number | undefined, labels: string): ProviderErrorCode {
  if (status === 429 || labels.includes('rate_limit')) return 'ProviderRateLimited';
  if (status === 403 || (status !== 401 && labels.includes('permission'))) return 'ProviderForbidden';
  if (status === 401 || labels.includes('authentication')) return 'ProviderUnauthorized';
  if (status === 404) return 'ProviderNotFound';
  if ((status !== undefined && status < 500) || labels.includes('invalid_request') || labels.includes('context_length')) {
    return 'ProviderBadRequest';
  }
  return 'ProviderUnavailable';
}

/** An error object the provider sent inside a stream (`{"error": {...}}` or an `error` event). */
export function errorFromStream(error: unknown): ProviderError {
  const record = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const quoted = tidy(typeof error === 'string' ? error : record.message);
  const statusValue = record.status ?? record.code;
  const status = typeof statusValue === 'number' && statusValue >= 400 && statusValue < 600 ? statusValue : undefined;
  const labels = `${String(record.type ?? '')} ${String(record.code ?? '')}`.toLowerCase();
  return new ProviderError(
    streamErrorCode(status, labels),
    `The provider reported an error while answering.${quoted ? said(quoted) : ' Try again in a moment.'}`,
    { status, providerMessage: quoted },
  );
}

/** fetch failed before any answer: the provider is down, the address is wrong, or CORS blocked it. */
export function unreachable(url: URL, cause: unknown): ProviderError {
  return new ProviderError(
    'ProviderUnreachable',
    `Could not reach the provider at ${url.origin}. Check that it is running and that its address in Settings is right. ` +
      'If it is running, it may not allow requests from this app (CORS): for Ollama, set OLLAMA_ORIGINS to include this app’s address and restart it.',
    { cause },
  );
}

/** The provider answered with a redirect, which is not followed: the key would go along to wherever it points. */
export function redirected(url: URL, response: Response): ProviderError {
  const to = response.headers.get('Location');
  return new ProviderError(
    'ProviderBadAddress',
    `The provider at ${url.origin} answered with a redirect${to ? ` to ${to}` : ''}, which LibrAgent does not follow: your key would be sent along to another address. ` +
      'If that address is the right one, enter it as the provider’s address in Settings.',
  );
}

export function connectionLost(cause: unknown): ProviderError {
  return new ProviderError(
    'ProviderConnectionLost',
    'The connection to the provider was lost while it was answering. Try again.',
    { cause },
  );
}

export function aborted(cause?: unknown): ProviderError {
  return new ProviderError('Cancelled', 'The request was stopped.', { cause });
}

export function notAStream(what: string): ProviderError {
  return new ProviderError(
    'ProviderBadResponse',
    `The provider did not answer with a stream of events (it sent ${what}). Check that the provider address in Settings points to an OpenAI-compatible API; it usually ends in /v1.`,
  );
}

export function invalidEvent(cause: unknown): ProviderError {
  return new ProviderError(
    'ProviderBadResponse',
    'The provider sent a part of its answer that is not valid JSON. Try again; if it keeps happening, the provider may not be fully OpenAI-compatible.',
    { cause },
  );
}

export function truncatedStream(): ProviderError {
  return new ProviderError('ProviderBadResponse', 'The provider’s answer stopped before it was complete. Try again.');
}

export function unreadableModelList(cause?: unknown): ProviderError {
  return new ProviderError(
    'ProviderBadResponse',
    'The provider’s list of models is not in the OpenAI format. Check that the provider address in Settings points to an OpenAI-compatible API; it usually ends in /v1.',
    { cause },
  );
}

/** The address is not quoted back: a key pasted into the wrong field would end up in the message. */
export function invalidBaseUrl(): ProviderError {
  return new ProviderError(
    'ProviderBadAddress',
    'The provider address in Settings is not a valid web address. Enter one starting with http:// or https://, for example http://localhost:11434/v1.',
  );
}
