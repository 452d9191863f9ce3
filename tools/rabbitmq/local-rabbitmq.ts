// RabbitMQ nodes of a test's or a drill's own: a cluster of several, or one that speaks TLS
// only. Each runs Debian's RabbitMQ (/usr/lib/rabbitmq/bin/rabbitmq-server) with a node name,
// ports, data and log directories, configuration and Erlang cookie of its own (HOME under a
// temporary directory), never the machine's default node, and is stopped and removed at the
// end. A cluster forms at start (classic peer discovery): three nodes take some 20 s here.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../postgres/local-postgres.js';

const run = promisify(execFile);
const BIN = '/usr/lib/rabbitmq/bin';

export interface RabbitTlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
  /** The CA of the clients' certificates: then each client must show one. */
  readonly caFile: string;
}

const started = new Set<LocalRabbit>();

export class LocalRabbit {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  private constructor(
    /** The Erlang node name, e.g. drill-1a2b-1@localhost. */
    readonly nodeName: string,
    readonly port: number,
    private readonly home: string,
    private readonly dir: string,
    private readonly env: Record<string, string>,
    readonly tls: boolean,
  ) {}

  static async stopAll(): Promise<void> {
    await Promise.all([...started].map((node) => node.remove()));
  }

  /** `count` nodes that form one cluster, every node running and accepting AMQP connections. */
  static async cluster(count: number): Promise<LocalRabbit[]> {
    const names = Array.from({ length: count }, (_, i) => `drill-${randomBytes(3).toString('hex')}-${i + 1}@localhost`);
    const home = LocalRabbit.home();
    const discovery = [
      'cluster_formation.peer_discovery_backend = classic_config',
      ...names.map((name, i) => `cluster_formation.classic_config.nodes.${i + 1} = ${name}`),
      // The default waits up to a minute before joining; these nodes start together.
      'cluster_formation.randomized_startup_delay_range.min = 0',
      'cluster_formation.randomized_startup_delay_range.max = 1',
    ];
    const nodes = await Promise.all(
      names.map(async (name) => LocalRabbit.prepare(name, home, (port) => [`listeners.tcp.default = ${port}`, ...discovery], false)),
    );
    await Promise.all(nodes.map((node) => node.start()));
    return nodes;
  }

  /** One node that takes TLS connections only, from clients with a certificate of `tls.caFile`. */
  static async tlsOnly(tls: RabbitTlsFiles): Promise<LocalRabbit> {
    const name = `tls-${randomBytes(3).toString('hex')}@localhost`;
    const node = await LocalRabbit.prepare(
      name,
      LocalRabbit.home(),
      (port) => [
        'listeners.tcp = none',
        `listeners.ssl.default = ${port}`,
        `ssl_options.cacertfile = ${tls.caFile}`,
        `ssl_options.certfile = ${tls.certFile}`,
        `ssl_options.keyfile = ${tls.keyFile}`,
        'ssl_options.verify = verify_peer',
        'ssl_options.fail_if_no_peer_cert = true',
      ],
      true,
    );
    await node.start();
    return node;
  }

  /** Whether the node's process runs. */
  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The guest user's URL (guest may log in from this machine). */
  get uri(): string {
    return `${this.tls ? 'amqps' : 'amqp'}://guest:guest@${this.tls ? 'localhost' : '127.0.0.1'}:${this.port}/`;
  }

  /** Starts the node (again, after `kill`: with its data, it rejoins its cluster) and waits for its AMQP port. */
  async start(): Promise<void> {
    started.add(this);
    const child = spawn(join(BIN, 'rabbitmq-server'), [], { env: { ...process.env, ...this.env }, stdio: 'ignore', detached: true });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    for (const startedAt = Date.now(); !(await listening(this.port));) {
      if (child.exitCode !== null) throw new Error(`RabbitMQ node ${this.nodeName} exited at start (logs in ${this.dir}/log)`);
      if (Date.now() - startedAt > 60_000) throw new Error(`RabbitMQ node ${this.nodeName} did not listen within 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Kills the node at once (SIGKILL to its process group): a node lost, as a drill needs. */
  async kill(): Promise<void> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    process.kill(-child.pid!, 'SIGKILL');
    await this.exited;
  }

  /** A rabbitmqctl command on this node. */
  async ctl(...args: string[]): Promise<string> {
    const { stdout } = await run(join(BIN, 'rabbitmqctl'), ['-q', '-n', this.nodeName, ...args], {
      env: { ...process.env, HOME: this.home },
    });
    return stdout;
  }

  async remove(): Promise<void> {
    started.delete(this);
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
    // The shared HOME goes with the last node of its cluster.
    if (readdirSync(this.home).every((entry) => entry.startsWith('.'))) rmSync(this.home, { recursive: true, force: true });
  }

  /** A HOME with the Erlang cookie the nodes of one cluster (and rabbitmqctl) share. */
  private static home(): string {
    const home = mkdtempSync(join(tmpdir(), 'rabbit-home-'));
    writeFileSync(join(home, '.erlang.cookie'), randomBytes(16).toString('hex').toUpperCase());
    chmodSync(join(home, '.erlang.cookie'), 0o400);
    return home;
  }

  private static async prepare(nodeName: string, home: string, config: (port: number) => string[], tls: boolean): Promise<LocalRabbit> {
    const [port, distPort] = [await freePort(), await freePort()];
    const dir = join(home, nodeName.split('@')[0]!);
    for (const sub of ['mnesia', 'log']) mkdirSync(join(dir, sub), { recursive: true });
    writeFileSync(join(dir, 'rabbitmq.conf'), `${config(port).join('\n')}\n`);
    writeFileSync(join(dir, 'enabled_plugins'), '[].\n');
    // The system's rabbitmq-env.conf names the machine's node: each node here reads an empty one.
    writeFileSync(join(dir, 'rabbitmq-env.conf'), '');
    const env = {
      HOME: home,
      RABBITMQ_NODENAME: nodeName,
      RABBITMQ_DIST_PORT: String(distPort),
      RABBITMQ_CONF_ENV_FILE: join(dir, 'rabbitmq-env.conf'),
      RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq'),
      RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
      RABBITMQ_LOG_BASE: join(dir, 'log'),
      RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
    };
    return new LocalRabbit(nodeName, port, home, dir, env, tls);
  }
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => (socket.destroy(), resolve(true)));
    socket.on('error', () => resolve(false));
  });
}
