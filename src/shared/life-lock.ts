/**
 * The Web Lock a tab's database worker holds while it lives. The tab queues for the same lock once
 * the worker holds it; the browser grants it the moment the worker dies (crashed, killed, or
 * terminated), with no polling and no false alarm from a worker that is merely busy.
 */
export const lifeLockName = (workerName: string) => `libragent:worker-alive:${workerName}`;
