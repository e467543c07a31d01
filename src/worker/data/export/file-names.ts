/**
 * The names of the files the app writes for the user to keep: a session's export or workspace ZIP
 * and the documents inside it. One place, so every export makes names the same way: the whole name
 * the user gave (a "/" in a session's name is not a folder), with what Windows, macOS and Linux
 * refuse in a file name turned into something they take.
 */

/** Characters some file system refuses, and control characters. */
const REFUSED = /[\\/:*?"<>|\p{Cc}]/gu;
/** Names Windows keeps for devices, with or without an extension. */
const DEVICE_NAME = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

function safeName(name: string, replacement: string, fallback: string, maxLength: number): string {
  const clean = name
    .replace(REFUSED, replacement)
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+/, '') // a leading dot hides the file
    .replace(/[\s.]+$/, ''); // Windows drops trailing dots and spaces
  // Cut by code points, so an emoji or a CJK character is never split in half.
  const short = [...clean].slice(0, maxLength).join('').trimEnd();
  if (short === '') return fallback;
  return DEVICE_NAME.test(short) ? `${short}_` : short;
}

/** `Tax questions.md` for the session "Tax / questions": refused characters become spaces. */
export function sessionFileName(sessionName: string, suffix: string): string {
  return `${safeName(sessionName, ' ', 'session', 80)}${suffix}`;
}

/**
 * A document's name inside an export: the name it was uploaded with, without any folder it came
 * from, and refused characters as `_` so `a:b.txt` stays recognisable as one name.
 */
export function documentFileName(filename: string): string {
  const base = filename.split(/[/\\]/).pop() ?? '';
  return safeName(base, '_', 'document', 180);
}
