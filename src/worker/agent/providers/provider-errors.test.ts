import { describe, expect, it } from 'vitest';
import { ProviderError, providerMessageOf, redact } from './provider-errors';

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
