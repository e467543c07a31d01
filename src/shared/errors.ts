/**
 * The app's one error type, on both threads. Every failure that crosses the worker boundary is an
 * AppError with a stable `code`: the UI decides what to show on the code, never on message text.
 */
export const ERROR_CODES = [
  'QueryFailed',
  'NotFound',
  'InvalidInput',
  'TransactionFailed',
  'StorageFull',
  'Busy',
  'Unsupported',
  'InUse',
  'Corrupt',
  'MigrationFailed',
  'SchemaTooNew',
  'Cancelled',
  'Internal',
  // A model provider's failures (worker/agent/providers/provider-errors.ts).
  'ProviderUnauthorized', // 401: the API key is missing or wrong.
  'ProviderForbidden', // 403: the key may not use this model.
  'ProviderRateLimited', // 429: too many requests; worth a retry later.
  'ProviderUnavailable', // 5xx, overloaded, or an error the provider reported while answering; worth a retry.
  'ProviderNotFound', // 404: usually a wrong model name or provider address.
  'ProviderBadRequest', // Any other 4xx, or an answer the provider refused to give.
  'ProviderBadAddress', // The provider address in Settings is not a web address; nothing was sent.
  'ProviderUnreachable', // The provider could not be reached: down, wrong address, or blocked (CORS).
  'ProviderConnectionLost', // The connection broke while the provider was answering.
  'ProviderBadResponse', // The provider's answer could not be read (not an event stream, invalid JSON, cut short).
  // An MCP server's failures (worker/agent/mcp/mcp-client.ts).
  'McpBadAddress', // The server's address is not an http:// or https:// address.
  'McpUnavailable', // The server could not be reached: down, wrong address, or blocked (CORS).
  'McpTimeout', // The server did not answer within its timeout.
  'McpUnauthorized', // The server refused access (401): its headers are missing or wrong.
  'McpFailed', // The server answered with an error, or with something that could not be read.
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The codes of a model provider's failures. */
export type ProviderErrorCode = Extract<ErrorCode, `Provider${string}`>;

/** The codes of an MCP server's failures. */
export type McpErrorCode = Extract<ErrorCode, `Mcp${string}`>;

export class AppError extends Error {
  // A string, not the literal: subclasses (ProviderError, McpFailure) name themselves in logs.
  override readonly name: string = 'AppError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

export const invalidInput = (message: string) => new AppError('InvalidInput', message);
export const notFound = (message: string) => new AppError('NotFound', message);
