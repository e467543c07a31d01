import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { toPdfError } from './pdf-errors';

/** pdf.js errors arrive from its worker as objects with a name and a message. */
const pdfJsError = (name: string, message: string) => Object.assign(new Error(message), { name });

describe('toPdfError', () => {
  it('reports a password prompt as Unsupported, with what to do', () => {
    const error = toPdfError('locked.pdf', pdfJsError('PasswordException', 'No password given'));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'Unsupported',
      message: expect.stringMatching(/^locked\.pdf is password protected\. Remove the password/),
    });
  });

  it('reports damaged files as not readable PDFs, keeping the cause', () => {
    for (const cause of [
      pdfJsError('InvalidPDFException', 'Invalid PDF structure.'),
      pdfJsError('UnknownErrorException', 'Bad XRef'),
      'odd',
    ]) {
      const error = toPdfError('broken.pdf', cause);
      expect(error).toMatchObject({ code: 'InvalidInput', cause });
      expect((error as AppError).message).toMatch(/^broken\.pdf is not a readable PDF: .* print it to a new PDF/);
    }
  });

  it('passes AppErrors and cancellation through', () => {
    const limit = new AppError('InvalidInput', 'too many pages');
    expect(toPdfError('a.pdf', limit)).toBe(limit);
    const abort = new DOMException('stopped', 'AbortError');
    expect(toPdfError('a.pdf', abort)).toBe(abort);
  });

  it('reports the abort reason once the signal has aborted, whatever pdf.js threw on the way out', () => {
    const controller = new AbortController();
    controller.abort();
    expect(toPdfError('a.pdf', new Error('Worker was destroyed'), controller.signal)).toBe(controller.signal.reason);
  });
});
