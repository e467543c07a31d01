/**
 * Deep links into the workspace: `#/session/ID` opens a session, `#/session/ID/message/ID` opens it
 * scrolled to that message, highlighted (search results link here).
 */
export interface Route {
  sessionId: string;
  messageId?: string;
}

export function parseRoute(hash: string): Route | null {
  const match = /^#\/session\/([^/]+)(?:\/message\/([^/]+))?$/.exec(hash);
  if (!match) return null;
  return { sessionId: decodeURIComponent(match[1]), messageId: match[2] ? decodeURIComponent(match[2]) : undefined };
}

export function routeHash(route: Route): string {
  const session = `#/session/${encodeURIComponent(route.sessionId)}`;
  return route.messageId ? `${session}/message/${encodeURIComponent(route.messageId)}` : session;
}
