/**
 * Lets queued calls to the worker run between two pieces of indexing. A message to ourselves, not
 * setTimeout(0): browsers stretch nested zero timeouts to 4 ms, which over 200 sessions alone
 * cost the benchmark about a second.
 */
export function yieldToCalls(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
