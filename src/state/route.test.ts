import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash } from './route';

describe('routes', () => {
  it('round-trips sessions and messages, with ids that need escaping', () => {
    for (const route of [{ sessionId: 'a-1' }, { sessionId: 's/1 x', messageId: 'm#2' }]) {
      expect(parseRoute(routeHash(route))).toEqual(
        route.messageId ? route : { sessionId: route.sessionId, messageId: undefined },
      );
    }
  });

  it('ignores anything else', () => {
    expect(parseRoute('')).toBeNull();
    expect(parseRoute('#/elsewhere')).toBeNull();
    expect(parseRoute('#/session/')).toBeNull();
  });
});
