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
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  override readonly name = 'AppError';

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
