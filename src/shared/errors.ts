/**
 * The one error type of the data layer. Every failure that crosses the worker boundary is a
 * DbError with a stable `code`: the UI decides what to show on the code, never on message text.
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

export class DbError extends Error {
  override readonly name = 'DbError';

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

export const invalidInput = (message: string) => new DbError('InvalidInput', message);
export const notFound = (message: string) => new DbError('NotFound', message);
