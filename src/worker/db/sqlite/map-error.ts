import { AppError, type ErrorCode } from '../../../shared/errors';

/** The primary result codes we tell apart (extended codes carry them in their low byte). */
const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_IOERR = 10;
const SQLITE_CORRUPT = 11;
const SQLITE_FULL = 13;
const SQLITE_CONSTRAINT = 19;
const SQLITE_NOTADB = 26;
const SQLITE_CONSTRAINT_FOREIGNKEY = 787;

function codeFor(resultCode: number): ErrorCode {
  if (resultCode === SQLITE_CONSTRAINT_FOREIGNKEY) return 'NotFound';
  switch (resultCode & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return 'Busy';
    // The browser reports an exhausted quota as a failed write, which SQLite surfaces as an I/O
    // error: to the user that is "storage full", not a bug.
    case SQLITE_IOERR:
    case SQLITE_FULL:
      return 'StorageFull';
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return 'Corrupt';
    case SQLITE_CONSTRAINT:
      return 'InvalidInput';
    default:
      return 'QueryFailed';
  }
}

const USER_TEXT: Partial<Record<ErrorCode, string>> = {
  StorageFull:
    "Storage is full: the browser refused to save more data. Nothing saved before was lost. To free space, export old sessions (Settings → Data) and delete them, delete documents you no longer need, or clear other sites' data; then try again.",
  Busy: 'The database is busy. Try again in a moment.',
  Corrupt: 'The database file is damaged.',
};

/** Turns anything a SQLite call threw into an AppError; an AppError passes through unchanged. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const resultCode = (error as { resultCode?: unknown })?.resultCode;
  const detail = error instanceof Error ? error.message : String(error);
  if (typeof resultCode !== 'number') return new AppError('Internal', detail, { cause: error });
  const code = codeFor(resultCode);
  const text = USER_TEXT[code];
  return new AppError(code, text ? `${text} (${detail})` : detail, { cause: error });
}
