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
