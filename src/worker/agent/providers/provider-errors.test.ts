import { describe, expect, it } from 'vitest';
import { thrownAcrossBoundary } from '../../../../test-support/across-boundary';
import { AppError } from '../../../shared/errors';
import {
  aborted,
  connectionLost,
  errorFromResponse,
  errorFromStream,
  invalidBaseUrl,
  notAStream,
  ProviderError,
  providerMessageOf,
  redact,
  unreachable,
} from './provider-errors';

const answer = (status: number, body = '{"error": {"message": "nope"}}') =>
  errorFromResponse(new Response(body, { status }), 'sk-1');

describe('the provider error classifier', () => {
  it.each([
    [401, 'ProviderUnauthorized', 'unauthorized'],
    [403, 'ProviderForbidden', 'unauthorized'],
    [429, 'ProviderRateLimited', 'rate-limited'],
    [529, 'ProviderUnavailable', 'server'],
    [503, 'ProviderUnavailable', 'server'],
    [500, 'ProviderUnavailable', 'server'],
    [404, 'ProviderNotFound', 'bad-request'],
    [400, 'ProviderBadRequest', 'bad-request'],
    [422, 'ProviderBadRequest', 'bad-request'],
  ])('an HTTP %i is %s (%s)', async (status, code, kind) => {
    const error = await answer(status);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code, kind, status });
  });

  it('gives network failures, unreadable answers, a bad address and a stop their own codes', () => {
    expect(unreachable(new URL('http://localhost:1/v1'), new TypeError('fetch failed'))).toMatchObject({
      code: 'ProviderUnreachable',
      kind: 'network',
      retryable: true,
    });
    expect(connectionLost(new TypeError('terminated'))).toMatchObject({ code: 'ProviderConnectionLost', kind: 'network' });
    expect(notAStream('an HTML page')).toMatchObject({ code: 'ProviderBadResponse', kind: 'malformed-stream' });
    expect(invalidBaseUrl()).toMatchObject({ code: 'ProviderBadAddress', kind: 'bad-request', retryable: false });
    expect(aborted()).toMatchObject({ code: 'Cancelled', kind: 'aborted' });
  });

  it.each([
    [{ type: 'overloaded_error', message: 'Overloaded' }, 'ProviderUnavailable', 'server'],
    [{ status: 429, message: 'slow down' }, 'ProviderRateLimited', 'rate-limited'],
    [{ type: 'authentication_error' }, 'ProviderUnauthorized', 'unauthorized'],
    [{ type: 'permission_error' }, 'ProviderForbidden', 'unauthorized'],
    [{ code: 404, message: 'no such model' }, 'ProviderNotFound', 'bad-request'],
    [{ type: 'invalid_request_error' }, 'ProviderBadRequest', 'bad-request'],
  ])('an error inside the stream, %j, is %s (%s)', (sent, code, kind) => {
    expect(errorFromStream(sent)).toMatchObject({ code, kind });
  });

  it('keeps the code and the message across the worker boundary', async () => {
    for (const error of [await answer(401), await answer(429), await answer(529), unreachable(new URL('http://x'), null)]) {
      expect(await thrownAcrossBoundary(error)).toMatchObject({ name: 'AppError', code: error.code, message: error.message });
    }
  });
});

describe('providerMessageOf', () => {
  it.each([
    ['{"error": {"message": "bad model", "type": "invalid_request_error"}}', 'bad model'],
    ['{"error": "model not found"}', 'model not found'],
    ['{"message": "nope"}', 'nope'],
    ['{"detail": "Not Found"}', 'Not Found'],
    ['{"detail": [{"msg": "field required"}, {"msg": "bad type"}]}', 'field required; bad type'],
    ['Service\n  Unavailable', 'Service Unavailable'],
    ['<html><body>502 Bad Gateway</body></html>', undefined],
    ['{}', undefined],
    ['', undefined],
  ])('%j -> %j', (body, message) => {
    expect(providerMessageOf(body)).toBe(message);
  });

  it('shortens long messages', () => {
    expect(providerMessageOf(JSON.stringify({ error: 'x'.repeat(1000) }))).toHaveLength(300);
  });
});

describe('redact', () => {
  it('removes every occurrence of the key, and nothing without a key', () => {
    expect(redact('key sk-1 and sk-1 again', ' sk-1 ')).toBe('key [API key] and [API key] again');
    expect(redact('text', undefined)).toBe('text');
    expect(redact('text', '')).toBe('text');
  });

  it('is applied to the message and the provider message by finalize', () => {
    const error = new ProviderError('ProviderUnavailable', 'Failed: sk-9', {
      providerMessage: 'echo sk-9',
      status: 500,
    }).finalize('sk-9');
    expect(error).toMatchObject({ kind: 'server', message: 'Failed: [API key]', providerMessage: 'echo [API key]', status: 500 });
  });
});
