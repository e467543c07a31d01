import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listen, type Listening } from '../../../../test-support/mock-http';
import { ChangeFeed } from '../../change-feed';
import { createMemoryRepositories } from '../../db/memory';
import { ProviderSettings } from './provider-settings';

/** A provider that takes every request and never answers. */
let silent: Listening;
let asked = 0;
beforeAll(async () => {
  silent = await listen(async () => {
    asked++;
  }, 'silent provider');
});
afterAll(async () => {
  await silent.close();
});

function settings(timeoutMs?: number): { providers: ProviderSettings; id: string } {
  const providers = new ProviderSettings(createMemoryRepositories(), new ChangeFeed(), timeoutMs);
  const { id } = providers.save({ name: 'Silent', baseUrl: `${silent.origin}/v1`, apiKey: 'sk-silent' });
  return { providers, id };
}

describe('Load models from a provider that never answers', () => {
  it('can be cancelled while it waits', async () => {
    const { providers, id } = settings();
    const before = asked;
    const loading = providers.models(id, 'request-1');
    loading.catch(() => undefined);
    await vi.waitFor(() => expect(asked).toBeGreaterThan(before));
    providers.cancelModels('request-1');
    await expect(loading).rejects.toMatchObject({ code: 'Cancelled', message: 'Asking Silent for its models was cancelled.' });
    providers.cancelModels('no-such-request');
  });

  it('gives up by itself after its time in all, saying so', async () => {
    const { providers, id } = settings(300);
    await expect(providers.models(id)).rejects.toMatchObject({
      code: 'ProviderUnavailable',
      message: 'Silent did not send its models within 0.3 s. Check its address and that it is running, then try again.',
    });
  });
});

function settingsWith(baseUrl: string) {
  const providers = new ProviderSettings(createMemoryRepositories(), new ChangeFeed());
  const saved = providers.save({ name: 'Example', baseUrl, apiKey: 'sk-entered-for-v1' });
  return { providers, id: saved.id };
}

describe('a provider key after an edit', () => {
  it('stays for the same address, written with another slash, port or case of host', () => {
    const { providers, id } = settingsWith('https://api.example.com/v1');
    providers.save({ id, name: 'Renamed', baseUrl: 'HTTPS://API.EXAMPLE.COM:443/v1/' });
    expect(providers.get(id)?.apiKey).toBe('sk-entered-for-v1');
  });

  it('is never kept for another address, another path of the same host included', () => {
    for (const other of ['https://api.example.com/other', 'https://api.example.com/v1/x', 'https://api.example.com:8443/v1']) {
      const { providers, id } = settingsWith('https://api.example.com/v1');
      const view = providers.save({ id, name: 'Example', baseUrl: other });
      expect(providers.get(id)?.apiKey, other).toBe('');
      expect(view.hasApiKey).toBe(false);
      // Moving it back does not bring the key back either: it was removed with the move.
      providers.save({ id, name: 'Example', baseUrl: 'https://api.example.com/v1' });
      expect(providers.get(id)?.apiKey).toBe('');
    }
  });

  it('is the one entered with the new address', () => {
    const { providers, id } = settingsWith('https://api.example.com/v1');
    providers.save({ id, name: 'Example', baseUrl: 'https://api.example.com/v2', apiKey: ' sk-for-v2 ' });
    expect(providers.get(id)?.apiKey).toBe('sk-for-v2');
  });
});
