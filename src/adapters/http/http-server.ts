// The HTTP server a Koa app is served by: a deadline for slow senders, and a graceful close.
// Once the server is closing, every answer not yet sent ends its connection (clients reconnect
// elsewhere instead of sending more on a connection about to close), idle keep-alive
// connections are closed as they turn idle, and what is left is cut after the grace period.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../observability/logger.js';
import { HTTP_SERVER } from '../settings/tunables.js';

export interface HttpServer {
  readonly port: number;
  /** Stops accepting connections, lets in-flight requests finish within `graceMs`, then cuts the rest. */
  close(graceMs: number): Promise<void>;
}

export async function serve(
  handle: (req: IncomingMessage, res: ServerResponse) => unknown,
  { port, host, log }: { readonly port: number; readonly host: string; readonly log: Logger },
): Promise<HttpServer> {
  let draining = false;
  const unanswered = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    if (draining) res.setHeader('Connection', 'close');
    unanswered.add(res);
    res.once('close', () => unanswered.delete(res));
    void handle(req, res);
  });
  server.requestTimeout = HTTP_SERVER.requestTimeoutMs;
  await listen(server, port, host);
  return {
    port: (server.address() as AddressInfo).port,
    close: async (graceMs) => {
      draining = true;
      for (const res of unanswered) if (!res.headersSent) res.setHeader('Connection', 'close');
      await closeWithin(server, graceMs, log);
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function closeWithin(server: Server, graceMs: number, log: Logger): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const idleSweep = setInterval(() => server.closeIdleConnections(), HTTP_SERVER.idleSweepMs);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), graceMs);
  });
  if ((await Promise.race([closed, deadline])) === 'timeout') {
    log.warn({ step: 'stop' }, 'grace period over: closing the remaining connections');
    server.closeAllConnections();
    await closed;
  }
  clearInterval(idleSweep);
  clearTimeout(timer);
}
