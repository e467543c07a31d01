/**
 * Maps what pdf.js throws to the app's errors. pdf.js errors cross its worker boundary as plain
 * objects, so they are recognised by `name`, not with instanceof. Kept apart from parse-pdf.ts so
 * it can be tested without pdf.js.
 */
import { AppError } from '../../../shared/errors';
import { isAbortError } from '../cancellation';
import { notReadablePdf, passwordProtected } from '../content-errors';

/**
 * The error to throw for a failure while reading `name`: cancellation and AppErrors pass through
 * unchanged; a password prompt becomes Unsupported; anything else pdf.js fails on means the file
 * is not a readable PDF (with pdf.js's own error kept as the cause).
 */
export function toPdfError(name: string, error: unknown, signal?: AbortSignal): unknown {
  if (signal?.aborted) return signal.reason;
  if (error instanceof AppError || isAbortError(error)) return error;
  if (nameOf(error) === 'PasswordException') return passwordProtected(name, error);
  return notReadablePdf(name, error);
}

function nameOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
}
