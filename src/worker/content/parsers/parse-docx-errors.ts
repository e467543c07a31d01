import { AppError } from '../../../shared/errors';

/**
 * A .docx that cannot be read. Kept apart from parse-docx.ts so the type check before parsing
 * does not load mammoth. `reason` names what the file really is, when that is known.
 */
export function notReadableDocx(name: string, cause?: unknown, reason = 'it is damaged or not really a .docx file'): AppError {
  return new AppError(
    'InvalidInput',
    `${name} is not a readable Word document: ${reason}. Open it in Word (or LibreOffice), save it again as .docx, and upload that.`,
    { cause },
  );
}
