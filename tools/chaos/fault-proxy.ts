// A fault-injecting TCP proxy between the service and a dependency. The chaos drills (npm run
// chaos) and the tests cut, black-hole, slow or reset the link and restore it, move it to
// another server (as a DNS name or a virtual IP moves at a failover), or cut it the moment the
// client sends a given statement, without touching the machine's real services.
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

type Mode = 'pass' | 'blackhole';

export interface Target {
  readonly host: string;
  readonly port: number;
}

/** A cut armed to fire once a client has sent bytes that contain `marker` (after `following`, when given). */
interface TripWire {
  readonly marker: Buffer;
  readonly following: Buffer | undefined;
  readonly afterMs: number;
  readonly fired: () => void;
}

export class FaultProxy {
  private mode: Mode = 'pass';
  private latencyMs = 0;
  private listening = false;
  private readonly sockets = new Set<Socket>();
  /** The connections clients hold through the proxy now. */
  private readonly clients = new Set<Socket>();
  private tripWire: TripWire | undefined;
  /** Clients whose server's answers go nowhere any more (a tripped wire). */
  private readonly deaf = new WeakSet<Socket>();
  /** Clients that have sent the bytes a trip wire follows. */
  private readonly primed = new WeakSet<Socket>();

  private constructor(
    private readonly server: Server,
    private target: Target,
    readonly port: number,
  ) {}

  static async start(target: Target): Promise<FaultProxy> {
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

  /**
   * Sends new connections to another server from now on. Open ones stay where they are unless
   * `drop` is set: a DNS name or a load balancer moved at a failover leaves them on the old server.
   */
  moveTo(target: Target, { drop = false }: { drop?: boolean } = {}): void {
    this.target = target;
    if (drop) this.dropAll();
  }

  /**
   * Drops every connection `afterMs` after a client next sends bytes containing `marker` (an
   * SQL statement, say), on a connection that sent `following` before it when that is given
   * (the COMMIT of one transaction, not of any): those bytes reach the server, and from then on
   * nothing the server sends reaches that client. Resolves when the cut has happened; new
   * connections are accepted again at once.
   */
  cutAfterSending(marker: string, { following, afterMs = 50 }: { following?: string; afterMs?: number } = {}): Promise<void> {
    return new Promise((resolve) => {
      this.tripWire = {
        marker: Buffer.from(marker),
        following: following === undefined ? undefined : Buffer.from(following),
        afterMs,
        fired: resolve,
      };
    });
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

  /** How many connections clients hold through the proxy now: which server a service is using. */
  get openConnections(): number {
    return this.clients.size;
  }

  private accept(client: Socket): void {
    this.track(client);
    this.clients.add(client);
    client.on('close', () => this.clients.delete(client));
    if (this.mode === 'blackhole') return;
    const upstream = connect(this.target.port, this.target.host);
    this.track(upstream);
    this.forward(client, upstream, true);
    this.forward(upstream, client, false);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
  }

  private forward(from: Socket, to: Socket, fromClient: boolean): void {
    from.on('data', (chunk: Buffer) => {
      if (this.mode === 'blackhole' || this.deaf.has(to)) return;
      if (fromClient) this.checkTripWire(chunk, from);
      if (this.latencyMs === 0) to.write(chunk);
      else setTimeout(() => to.writable && to.write(chunk), this.latencyMs);
    });
  }

  private checkTripWire(chunk: Buffer, client: Socket): void {
    const wire = this.tripWire;
    if (wire === undefined) return;
    if (wire.following !== undefined && !this.primed.has(client)) {
      if (chunk.includes(wire.following)) this.primed.add(client);
      return;
    }
    if (!chunk.includes(wire.marker)) return;
    this.tripWire = undefined;
    // The statement reaches the server, which has `afterMs` to act on it; its answer goes nowhere.
    this.deaf.add(client);
    setTimeout(() => {
      this.dropAll();
      wire.fired();
    }, wire.afterMs);
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
