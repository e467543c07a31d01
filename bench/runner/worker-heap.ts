import type { CDPSession, Page } from '@playwright/test';

/**
 * The JS heap of one dedicated worker, after a full GC, through the DevTools protocol:
 * performance.memory does not exist in workers, and measureUserAgentSpecificMemory needs
 * cross-origin isolation and reports at its own pace. Playwright gives CDP sessions for pages
 * only, so this attaches to the worker through the page (Target.setAutoAttach, unflattened)
 * and sends it messages by session id.
 */
export class WorkerHeap {
  private nextId = 0;
  private readonly pending = new Map<number, (result: unknown) => void>();

  private constructor(
    private readonly cdp: CDPSession,
    private readonly sessionId: string,
  ) {
    cdp.on('Target.receivedMessageFromTarget', (event) => {
      const message = JSON.parse(event.message) as { id?: number; result?: unknown; error?: { message: string } };
      if (message.id === undefined) return;
      this.pending.get(message.id)?.(message.error ? new Error(message.error.message) : message.result);
      this.pending.delete(message.id);
    });
  }

  static async attach(page: Page, urlPart: string): Promise<WorkerHeap> {
    const cdp = await page.context().newCDPSession(page);
    const attached = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`No worker whose URL contains ${urlPart}`)), 10_000);
      cdp.on('Target.attachedToTarget', (event) => {
        if (event.targetInfo.type === 'worker' && event.targetInfo.url.includes(urlPart)) {
          clearTimeout(timer);
          resolve(event.sessionId);
        }
      });
    });
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    return new WorkerHeap(cdp, await attached);
  }

  /** Bytes of live JS heap, after collecting garbage. */
  async usedBytes(): Promise<number> {
    await this.call('HeapProfiler.collectGarbage');
    const usage = (await this.call('Runtime.getHeapUsage')) as { usedSize: number };
    return usage.usedSize;
  }

  async detach(): Promise<void> {
    await this.cdp.detach().catch(() => undefined);
  }

  private call(method: string, params: object = {}): Promise<unknown> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (result) => (result instanceof Error ? reject(result) : resolve(result)));
      this.cdp
        .send('Target.sendMessageToTarget', { sessionId: this.sessionId, message: JSON.stringify({ id, method, params }) })
        .catch(reject);
    });
  }
}
