import { transferHandlers, type TransferHandler } from 'comlink';
import { AppError, isErrorCode } from './errors';

interface SerializedThrow {
  isError: boolean;
  value: { message?: string; name?: string; stack?: string; code?: unknown } | unknown;
}

/**
 * Comlink passes a thrown error across the worker boundary as name, message and stack only. This
 * wraps its "throw" handler so the `code` survives: the worker turns anything thrown into a coded
 * error, the main thread rebuilds an AppError. Install it on both sides, before the first call.
 */
export function installCodedErrorTransfer(): void {
  const original = transferHandlers.get('throw') as TransferHandler<{ value: unknown }, SerializedThrow>;
  if ((original as { coded?: boolean }).coded) return;
  const coded: TransferHandler<{ value: unknown }, SerializedThrow> & { coded: true } = {
    coded: true,
    canHandle: (value): value is { value: unknown } => original.canHandle(value),
    serialize({ value }) {
      const error =
        value instanceof AppError
          ? value
          : new AppError('Internal', value instanceof Error ? value.message : `Unexpected failure: ${String(value)}`);
      return [{ isError: true, value: { name: error.name, message: error.message, stack: error.stack, code: error.code } }, []];
    },
    deserialize(serialized) {
      const value = serialized.value as { message?: string; code?: unknown; stack?: string };
      if (serialized.isError && isErrorCode(value?.code)) {
        const error = new AppError(value.code, value.message ?? value.code);
        if (value.stack) error.stack = value.stack;
        throw error;
      }
      return original.deserialize(serialized);
    },
  };
  transferHandlers.set('throw', coded);
}
