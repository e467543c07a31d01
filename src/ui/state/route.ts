/**
 * Deep links into the workspace:
 * - `#/session/ID` opens a session;
 * - `#/session/ID/message/ID` opens it scrolled to that message, highlighted (search links here);
 * - `#/session/ID/document/ID/lines/FROM-TO` opens a document of the session at those lines.
 */
export type Route =
  | { sessionId: string; messageId?: string; document?: undefined }
  | { sessionId: string; messageId?: undefined; document: { contentId: string; fromLine?: number; toLine?: number } };

const PATTERN = /^#\/session\/([^/]+)(?:\/message\/([^/]+)|\/document\/([^/]+)(?:\/lines\/(\d+)-(\d+))?)?$/;

export function parseRoute(hash: string): Route | null {
  const match = PATTERN.exec(hash);
  if (!match) return null;
  const [, session, message, content, from, to] = match;
  const sessionId = decodeURIComponent(session);
  if (content) {
    const document = { contentId: decodeURIComponent(content), ...(from ? { fromLine: Number(from), toLine: Number(to) } : {}) };
    return { sessionId, document };
  }
  return { sessionId, messageId: message ? decodeURIComponent(message) : undefined };
}

export function routeHash(route: Route): string {
  const session = `#/session/${encodeURIComponent(route.sessionId)}`;
  if (route.document) {
    const { contentId, fromLine, toLine } = route.document;
    const lines = fromLine !== undefined ? `/lines/${fromLine}-${toLine ?? fromLine}` : '';
    return `${session}/document/${encodeURIComponent(contentId)}${lines}`;
  }
  return route.messageId ? `${session}/message/${encodeURIComponent(route.messageId)}` : session;
}
