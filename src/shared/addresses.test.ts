import { describe, expect, it } from 'vitest';
import { addressKey, sameAddress, withoutUrlSecrets } from './addresses';

describe('sameAddress', () => {
  it('is the same address whatever the trailing slash, default port and case of scheme and host', () => {
    expect(sameAddress('https://api.example.com/v1', 'HTTPS://API.Example.com:443/v1/')).toBe(true);
    expect(sameAddress('http://localhost:80/v1//', 'http://localhost/v1')).toBe(true);
    expect(addressKey('https://api.example.com/v1/')).toBe('https://api.example.com/v1');
  });

  it('is another address for another path (its case too), port, scheme, query or user', () => {
    const mine = 'https://api.example.com/v1';
    for (const other of [
      'https://api.example.com/other',
      'https://api.example.com/v1/other',
      'https://api.example.com/V1',
      'https://api.example.com',
      'https://api.example.com:8443/v1',
      'http://api.example.com/v1',
      'https://api.example.com/v1?to=elsewhere',
      'https://someone@api.example.com/v1',
      'https://api.example.com.evil.test/v1',
    ]) {
      expect(sameAddress(mine, other), other).toBe(false);
    }
  });

  it('never matches what is not a URL', () => {
    expect(sameAddress('not a url', 'not a url')).toBe(false);
    expect(sameAddress(undefined, undefined)).toBe(false);
    expect(sameAddress({ toString: () => 'https://a.test' }, 'https://a.test')).toBe(false);
  });
});

describe('withoutUrlSecrets', () => {
  it('leaves out user info, the fragment and the values of parameters named like secrets, in any case', () => {
    expect(withoutUrlSecrets('https://user:pa55@mcp.example/mcp')).toBe('https://mcp.example/mcp');
    expect(
      withoutUrlSecrets('https://mcp.example/mcp?TOKEN=t1&Api_Key=k1&access_token=a1&auth=x&client_secret=s&sig=g&page=2#frag'),
    ).toBe('https://mcp.example/mcp?TOKEN=&Api_Key=&access_token=&auth=&client_secret=&sig=&page=2');
    expect(withoutUrlSecrets('https://mcp.example/mcp?apiKey=1&X-Amz-Signature=2&password=3&sessionId=4&jwt=5')).toBe(
      'https://mcp.example/mcp?apiKey=&X-Amz-Signature=&password=&sessionId=&jwt=',
    );
  });

  it('finds a secret name written with escapes, and keeps other parameters exactly as written', () => {
    expect(withoutUrlSecrets('https://mcp.example/mcp?%74oken=t1&q=a%20b+c&flag')).toBe(
      'https://mcp.example/mcp?%74oken=&q=a%20b+c&flag',
    );
    expect(withoutUrlSecrets('https://mcp.example/mcp?key%=1')).toBe('https://mcp.example/mcp?key%=');
  });

  it('keeps an address without secrets as it is, and text that is not a URL', () => {
    expect(withoutUrlSecrets('https://mcp.example/mcp?page=2')).toBe('https://mcp.example/mcp?page=2');
    expect(withoutUrlSecrets('not a url')).toBe('not a url');
  });
});
