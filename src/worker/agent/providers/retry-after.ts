/**
 * How long a rate-limited client should wait: read from a 429's headers or, failing that, from
 * the provider's message, and put in words for the error message.
 */

/** `Retry-After` as milliseconds: delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP date names its day and month; Date.parse alone would also read "-5" as a year.
  const date = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The wait a 429 asks for. In a browser, Retry-After is only readable when the provider lists it in
 * Access-Control-Expose-Headers, so OpenAI's "Please try again in 1.5s" in the message is the fallback.
 */
export function retryAfterOf(headers: Headers, providerMessage: string | undefined): number | undefined {
  // Azure OpenAI's finer-grained header.
  const milliseconds = headers.get('retry-after-ms')?.trim();
  if (milliseconds && /^\d+(\.\d+)?$/.test(milliseconds)) return Math.round(Number(milliseconds));
  const fromHeader = parseRetryAfter(headers.get('retry-after'));
  if (fromHeader !== undefined) return fromHeader;
  const match = providerMessage?.match(/try again in (\d+(?:\.\d+)?)\s*(ms|s)\b/i);
  if (!match) return undefined;
  return Math.round(Number(match[1]) * (match[2].toLowerCase() === 'ms' ? 1 : 1000));
}

/** "20 s", "3 min": how long to wait, rounded up. */
export function formatWait(milliseconds: number): string {
  const seconds = Math.max(1, Math.ceil(milliseconds / 1000));
  return seconds < 120 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
}
