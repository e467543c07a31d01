/**
 * Exact storage of JavaScript strings that are not well-formed Unicode (a lone surrogate, e.g. a
 * string cut in the middle of an emoji). sqlite-wasm binds strings as UTF-8, and UTF-8 cannot hold
 * a lone surrogate: it would silently become U+FFFD and the text would no longer be what the user
 * stored. Such a string is bound instead as a BLOB of its UTF-16 code units behind a marker, and
 * turned back into the same string when read. Well-formed strings (all real text) are untouched.
 *
 * The app stores no BLOBs of its own, and a BLOB never equals a TEXT value, so an id with a lone
 * surrogate matches only itself, as it does in the in-memory twin.
 */

/** NUL, 0xFE, "LU": not a prefix any UTF-8 text starts with. */
const MARKER = [0x00, 0xfe, 0x4c, 0x55];

type WellFormed = { isWellFormed?: () => boolean };

export function isWellFormed(text: string): boolean {
  const native = (text as unknown as WellFormed).isWellFormed;
  if (native) return native.call(text);
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

export function encodeIllFormed(text: string): Uint8Array {
  const bytes = new Uint8Array(MARKER.length + text.length * 2);
  bytes.set(MARKER);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    bytes[MARKER.length + 2 * i] = unit & 0xff;
    bytes[MARKER.length + 2 * i + 1] = unit >> 8;
  }
  return bytes;
}

/** The string a marked BLOB holds, or undefined when the value is anything else. */
export function decodeIllFormed(value: unknown): string | undefined {
  if (!(value instanceof Uint8Array) || value.length < MARKER.length || (value.length - MARKER.length) % 2 !== 0)
    return undefined;
  if (!MARKER.every((byte, i) => value[i] === byte)) return undefined;
  const units = new Uint16Array((value.length - MARKER.length) / 2);
  for (let i = 0; i < units.length; i++) units[i] = value[MARKER.length + 2 * i] | (value[MARKER.length + 2 * i + 1] << 8);
  let text = '';
  for (let i = 0; i < units.length; i += 8192) text += String.fromCharCode(...units.subarray(i, i + 8192));
  return text;
}

/** A bound value as SQLite should receive it. */
export function toSqlValue<T>(value: T): T | Uint8Array {
  return typeof value === 'string' && !isWellFormed(value) ? encodeIllFormed(value) : value;
}

/** A read value as the app stored it. */
export function fromSqlValue<T>(value: T): T | string {
  return value instanceof Uint8Array ? (decodeIllFormed(value) ?? value) : value;
}
