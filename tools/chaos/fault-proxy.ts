// A fault-injecting TCP proxy between the service and a dependency. The chaos drills (npm run
// chaos) and the tests cut, black-hole, slow or reset the link and restore it, without touching
// the machine's real services.
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

type Mode = 'pass' | 'blackhole';

export class FaultProxy {
  private mode: Mode = 'pass';
  private latencyMs = 0;
  private listening = false;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly target: { host: string; port: number },
    readonly port: number,
  ) {}

  static async start(target: { host: string; port: number }): Promise<FaultProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new FaultProxy(server, target, (server.address() as AddressInfo).port);
    server.on('connection', (client) => proxy.accept(client));
    proxy.listening = true;
    return proxy;
  }

  /** Refuses new connections and drops the open ones. */
  async cut(): Promise<void> {
    if (this.listening) {
      this.listening = false;
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      this.dropAll();
      await closed;
    }
    this.dropAll();
  }

  /** Accepts connections but forwards nothing, either way: the dependency goes silent. */
  blackhole(): void {
    this.mode = 'blackhole';
  }

  /** Delays every chunk, each way, by this much. */
  slow(latencyMs: number): void {
    this.latencyMs = latencyMs;
  }

  /** Resets every open connection (TCP RST); new ones are still accepted. */
  reset(): void {
    for (const socket of this.sockets) socket.resetAndDestroy();
    this.sockets.clear();
  }

  /** Back to a clean link on the same port. */
  async restore(): Promise<void> {
    this.mode = 'pass';
    this.latencyMs = 0;
    if (!this.listening) {
      await new Promise<void>((resolve) => this.server.listen(this.port, '127.0.0.1', resolve));
      this.listening = true;
    }
  }

  async close(): Promise<void> {
    await this.cut();
  }

  private accept(client: Socket): void {
    this.track(client);
    if (this.mode === 'blackhole') return;
    const upstream = connect(this.target.port, this.target.host);
    this.track(upstream);
    this.forward(client, upstream);
    this.forward(upstream, client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
  }

  private forward(from: Socket, to: Socket): void {
    from.on('data', (chunk: Buffer) => {
      if (this.mode === 'blackhole') return;
      if (this.latencyMs === 0) to.write(chunk);
      else setTimeout(() => to.writable && to.write(chunk), this.latencyMs);
    });
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
  }

  private dropAll(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}
