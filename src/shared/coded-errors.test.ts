import { describe, expect, it } from 'vitest';
import { thrownAcrossBoundary } from '../../test-support/across-boundary';
import { AppError, ERROR_CODES } from './errors';

describe('installCodedErrorTransfer', () => {
  it('keeps the code and the message of every AppError across the boundary', async () => {
    for (const code of ERROR_CODES) {
      const caught = await thrownAcrossBoundary(new AppError(code, `It failed with ${code}.`));
      expect(caught).toBeInstanceOf(AppError);
      expect(caught).toMatchObject({ code, message: `It failed with ${code}.` });
    }
  });

  it('turns anything else into Internal, keeping what it said', async () => {
    expect(await thrownAcrossBoundary(new TypeError('x is undefined'))).toMatchObject({
      code: 'Internal',
      message: 'x is undefined',
    });
    expect(await thrownAcrossBoundary('plain text')).toMatchObject({
      code: 'Internal',
      message: 'Unexpected failure: plain text',
    });
  });
});
