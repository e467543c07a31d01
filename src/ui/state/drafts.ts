/** Unsent text per session, kept in localStorage so a reload or a session switch loses nothing. */
const key = (sessionId: string) => `libragent:draft:${sessionId}`;

export function loadDraft(sessionId: string): string {
  return localStorage.getItem(key(sessionId)) ?? '';
}

export function saveDraft(sessionId: string, text: string): void {
  if (text === '') localStorage.removeItem(key(sessionId));
  else localStorage.setItem(key(sessionId), text);
}
