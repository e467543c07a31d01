import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { toAppError } from './map-error';

const sqliteError = (resultCode: number, message = 'sqlite says no') => Object.assign(new Error(message), { resultCode });

describe('toAppError', () => {
  it.each([
    [10, 'StorageFull'], // SQLITE_IOERR: how a browser's exhausted quota reaches SQLite
    [778, 'StorageFull'], // SQLITE_IOERR_WRITE
    [13, 'StorageFull'], // SQLITE_FULL
    [5, 'Busy'],
    [6, 'Busy'],
    [11, 'Corrupt'],
    [26, 'Corrupt'],
    [787, 'NotFound'], // SQLITE_CONSTRAINT_FOREIGNKEY
    [1555, 'InvalidInput'], // SQLITE_CONSTRAINT_PRIMARYKEY
    [1, 'QueryFailed'],
  ])('maps result code %i to %s', (resultCode, code) => {
    expect(toAppError(sqliteError(resultCode)).code).toBe(code);
  });

  it('says what to do when storage is full', () => {
    expect(toAppError(sqliteError(10)).message).toMatch(/Storage is full.*free space/);
  });

  it('passes an AppError through and marks anything else Internal', () => {
    const original = new AppError('NotFound', 'x');
    expect(toAppError(original)).toBe(original);
    expect(toAppError(new TypeError('bad')).code).toBe('Internal');
  });
});
