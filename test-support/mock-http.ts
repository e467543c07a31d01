import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Helpers shared by the mock provider and MCP servers: each listens on 127.0.0.1 only. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Holds a mock's answer before its last word until the test lets it go, so a test can look at the
 * partial answer for as long as it needs instead of catching it inside a timing window.
 */
export class LastWordGate {
  private held: Promise<void> = Promise.resolve();

  /** From now on the default answer stops before its last word; call the result to let it finish. */
  hold(): () => void {
    let release!: () => void;
    this.held = new Promise((resolve) => (release = resolve));
    return () => {
      this.held = Promise.resolve();
      release();
    };
  }

  /** Resolves once the last word may go. */
  passed(): Promise<void> {
    return this.held;
  }
}

export function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

export function corsHeaders(allowHeaders: string): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Headers': allowHeaders,
    'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
    'Access-Control-Expose-Headers': 'Retry-After, Mcp-Session-Id',
  };
}

export interface Listening {
  origin: string;
  close(): Promise<void>;
}

/** Starts a server on a free port of 127.0.0.1; open connections are cut on close. */
export async function listen(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  name: string,
): Promise<Listening> {
  const server = createServer(
    (req, res) =>
      void handle(req, res).catch((error: unknown) => {
        console.error(`${name} failed:`, error);
        res.destroy();
      }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
