import { describe, expect, it } from 'vitest';
import { ChangeFeed } from '../../change-feed';
import { createMemoryRepositories } from '../../db/memory';
import { ProviderSettings } from './provider-settings';

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
