import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash, type Route } from './route';

describe('routes', () => {
  it.each<Route>([
    { sessionId: 'a-1', messageId: undefined },
    { sessionId: 's/1 x', messageId: 'm#2' },
    { sessionId: 's1', document: { contentId: 'c/1' } },
    { sessionId: 's1', document: { contentId: 'c1', fromLine: 12, toLine: 40 } },
  ])('round-trips %j', (route) => {
    expect(parseRoute(routeHash(route))).toEqual(route);
  });

  it('ignores anything else', () => {
    expect(parseRoute('')).toBeNull();
    expect(parseRoute('#/elsewhere')).toBeNull();
    expect(parseRoute('#/session/')).toBeNull();
    expect(parseRoute('#/session/s1/document/c1/lines/x-2')).toBeNull();
  });
});
