import { describe, expect, it } from 'vitest';
import { testHooksEnabled, testOnly } from './test-hooks';

describe('testOnly', () => {
  it('refuses every call with Unsupported outside e2e builds, before running it', () => {
    expect(testHooksEnabled).toBe(false); // unit tests are not an e2e build
    let ran = false;
    const calls = testOnly('Diagnostics', {
      count: () => {
        ran = true;
        return 1;
      },
    });
    expect(() => calls.count()).toThrow(expect.objectContaining({ code: 'Unsupported' }));
    expect(ran).toBe(false);
  });
});
