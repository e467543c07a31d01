/**
 * Web addresses as secrets are bound to them. An API key or an MCP server's headers go only to the
 * exact address they were entered for (`sameAddress`), and an address may itself carry a secret
 * (`user:pass@`, `?token=...`), which backups and exports leave out (`withoutUrlSecrets`).
 */

/**
 * A query parameter whose name holds one of these (in any case) is taken for a secret: `token`,
 * `access_token`, `key`, `api_key`, `apiKey`, `auth`, `secret`, `sig`, `signature`, `password`...
 * Leaving out one too many costs a user typing it again; one too few leaks it.
 */
const SECRET_NAME = /token|key|auth|secret|sig|pass|pwd|cred|session|jwt|bearer/i;

function parse(value: unknown): URL | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return new URL(value.trim());
  } catch {
    return undefined;
  }
}

/**
 * The address as compared: scheme and host in lower case and the default port left out (what
 * `URL` does), trailing slashes of the path left out, the fragment (never sent) too; user info,
 * path (its case kept) and query must match exactly. Undefined for what is not a URL.
 */
export function addressKey(value: unknown): string | undefined {
  const url = parse(value);
  if (!url) return undefined;
  const user = url.username || url.password ? `${url.username}${url.password ? `:${url.password}` : ''}@` : '';
  return `${url.protocol}//${user}${url.host}${url.pathname.replace(/\/+$/, '')}${url.search}`;
}

/** Whether two addresses are the same one (see `addressKey`); never for text that is not a URL. */
export function sameAddress(a: unknown, b: unknown): boolean {
  const key = addressKey(a);
  return key !== undefined && key === addressKey(b);
}

function isSecretParameter(part: string): boolean {
  const raw = part.split('=')[0];
  let name = raw;
  try {
    name = decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    // A malformed escape: judged as written.
  }
  return SECRET_NAME.test(name);
}

/**
 * The address without what may be a secret in it: no user info, no fragment, and the values of
 * query parameters named like a secret emptied (`?token=`), the names kept so a user sees what to
 * enter again. Other parameters stay exactly as written. An address without any of these, or text
 * that is not a URL, is returned as it is.
 */
export function withoutUrlSecrets(value: string): string {
  const url = parse(value);
  if (!url) return value;
  const parts = url.search
    .slice(1)
    .split('&')
    .filter((part) => part !== '');
  if (!url.username && !url.password && !url.hash && !parts.some(isSecretParameter)) return value;
  const query = parts.map((part) => (isSecretParameter(part) ? `${part.split('=')[0]}=` : part));
  return `${url.protocol}//${url.host}${url.pathname}${query.length > 0 ? `?${query.join('&')}` : ''}`;
}
