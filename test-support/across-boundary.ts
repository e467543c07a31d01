import { expose, wrap } from 'comlink';
import { installCodedErrorTransfer } from '../src/shared/coded-errors';

/**
 * What the main thread receives when a worker call throws `error`: the call goes through a real
 * Comlink channel, with the app's coded-error transfer installed as both threads install it.
 */
export async function thrownAcrossBoundary(error: unknown): Promise<unknown> {
  installCodedErrorTransfer();
  const { port1, port2 } = new MessageChannel();
  expose(
    {
      fail: () => {
        throw error;
      },
    },
    port1,
  );
  const remote = wrap<{ fail(): void }>(port2);
  try {
    await remote.fail();
    return undefined;
  } catch (caught) {
    return caught;
  } finally {
    port1.close();
    port2.close();
  }
}
