/**
 * Every failure an upload can cause, in one place, so the messages stay consistent: each names the
 * file, says what is wrong and what to do about it. The code is what the UI decides on.
 */
import { AppError } from '../../shared/errors';
import { SUPPORTED_TYPES_SENTENCE, unsupportedHint } from './parsers/file-types';

const RESAVE_SPREADSHEET = 'Open it in a spreadsheet app, save it again as .xlsx or .csv, and upload that.';
const RESAVE_PDF = 'Open it in a PDF viewer, save or print it to a new PDF, and upload that.';

export function unsupportedType(name: string): AppError {
  const hint = unsupportedHint(name);
  return new AppError('Unsupported', `Unsupported file type: ${name}. ${hint || SUPPORTED_TYPES_SENTENCE}`);
}

export function notTextFile(name: string, reason: string, advice?: string): AppError {
  const next = advice ?? 'If it is a document in another format, upload it with its real extension (for example .pdf or .xlsx).';
  return new AppError('InvalidInput', `${name} is not a text file: ${reason}. ${next}`);
}

export function notReadableSpreadsheet(name: string, cause?: unknown): AppError {
  return new AppError(
    'InvalidInput',
    `${name} is not a readable spreadsheet: it is damaged, or its content does not match its extension. ${RESAVE_SPREADSHEET}`,
    { cause },
  );
}

export function notASpreadsheet(name: string, actually: string, advice: string): AppError {
  return new AppError('InvalidInput', `${name} is not a spreadsheet: it is ${actually}. ${advice}`);
}

export function notReadablePdf(name: string, cause?: unknown): AppError {
  return new AppError('InvalidInput', `${name} is not a readable PDF: it is damaged or not really a PDF. ${RESAVE_PDF}`, {
    cause,
  });
}

/** Encrypted files are a feature this app lacks (there is no password prompt), hence Unsupported. */
export function passwordProtected(name: string, cause?: unknown): AppError {
  return new AppError(
    'Unsupported',
    `${name} is password protected. Remove the password (save an unprotected copy) and upload that copy.`,
    { cause },
  );
}

export function emptyFile(name: string, what = 'it is empty'): AppError {
  return new AppError('InvalidInput', `${name} has nothing to read: ${what}.`);
}

/** A file over one of the limits of limits.ts; `problem` says by how much ("is 73.2 MB; the limit is 50 MB"). */
export function overLimit(name: string, problem: string, advice: string): AppError {
  return new AppError('InvalidInput', `${name} ${problem}. ${advice}`);
}

/** A parser module that failed to load: the network or an app update, not the file. */
export function readerUnavailable(what: string, cause: unknown): AppError {
  return new AppError('Internal', `The ${what} could not be loaded. Reload the page and try again.`, { cause });
}
