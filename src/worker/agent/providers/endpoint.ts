/**
 * The URL of an API endpoint under a provider's base address. Providers are configured by their
 * OpenAI-compatible base (`…/v1`), and endpoints are paths under it, as the OpenAI SDKs resolve them.
 */
import { invalidBaseUrl } from './provider-errors';

/**
 * `endpointUrl('http://localhost:11434/v1/', 'models')` is `http://localhost:11434/v1/models`.
 * A query string in the base (Azure's `?api-version=`) is kept. Throws a ProviderError
 * ('bad-request') for an address that is not http:// or https://.
 */
export function endpointUrl(baseUrl: string, path: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw invalidBaseUrl();
  }
  // "localhost:11434/v1" parses as a URL whose scheme is "localhost:".
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalidBaseUrl();
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${path}`;
  return url;
}
