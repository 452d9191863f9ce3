// Redis servers of a test's or a drill's own: a master and its replicas, Sentinels watching
// them, a Cluster, TLS and ACL users on request. Each is Debian's redis-server on a free port
// under a temporary directory, keeping nothing on disk, stopped and removed at the end. Never
// the machine's own Redis: drills kill masters and promote replicas.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePort } from '../postgres/local-postgres.js';

const run = promisify(execFile);

export interface RedisTlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
  /** The CA that signs client certificates: then a client must show one (mutual TLS). */
  readonly caFile?: string;
}

export interface ServerOptions {
  readonly replicaOf?: LocalRedis;
  /** TLS only: the plain port is closed. */
  readonly tls?: RedisTlsFiles;
  /** ACL lines, e.g. `user app on >secret ~* &* +@all`; the default user is then turned off. */
  readonly users?: readonly string[];
  readonly cluster?: boolean;
}

/** Every server started and not yet stopped: `stopAll` ends them when their owner is interrupted. */
const started = new Set<LocalRedis>();

export class LocalRedis {
  readonly host = '127.0.0.1';
  private exited: Promise<void>;

  private constructor(
    readonly name: string,
    readonly port: number,
    private readonly dir: string,
    private readonly args: readonly string[],
    private child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  static async stopAll(): Promise<void> {
    await Promise.all([...started].map((server) => server.remove()));
  }

  /** A redis-server, started and answering. */
  static async server(name: string, options: ServerOptions = {}): Promise<LocalRedis> {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), `redis-${name}-`));
    const args = [
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--logfile',
      join(dir, 'server.log'),
      ...(options.tls
        ? [
            '--port',
            '0',
            '--tls-port',
            String(port),
            '--tls-cert-file',
            options.tls.certFile,
            '--tls-key-file',
            options.tls.keyFile,
            ...(options.tls.caFile
              ? ['--tls-ca-cert-file', options.tls.caFile, '--tls-auth-clients', 'yes']
              : ['--tls-auth-clients', 'no']),
          ]
        : ['--port', String(port)]),
      ...(options.replicaOf ? ['--replicaof', options.replicaOf.host, String(options.replicaOf.port)] : []),
      ...(options.cluster
        ? ['--cluster-enabled', 'yes', '--cluster-config-file', join(dir, 'nodes.conf'), '--cluster-node-timeout', '1000']
        : []),
    ];
    if (options.users) {
      writeFileSync(join(dir, 'users.acl'), `${['user default off', ...options.users].join('\n')}\n`);
      args.push('--aclfile', join(dir, 'users.acl'));
    }
    const server = new LocalRedis(name, port, dir, args, spawn('redis-server', args, { stdio: 'ignore' }));
    started.add(server);
    // A TLS-only or password-only server is checked by its owner: here, that the port listens.
    await server.listening();
    return server;
  }

  /**
   * Three Sentinels watching `master` (quorum 2), quick to call it down (1 s) so that a drill's
   * failover takes seconds, not the default half minute.
   */
  static async sentinels(master: LocalRedis, masterName: string, count = 3): Promise<LocalRedis[]> {
    return Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const port = await freePort();
        const dir = mkdtempSync(join(tmpdir(), `redis-sentinel-${i}-`));
        const conf = join(dir, 'sentinel.conf');
        writeFileSync(
          conf,
          [
            `port ${port}`,
            'bind 127.0.0.1',
            `dir ${dir}`,
            `logfile ${join(dir, 'sentinel.log')}`,
            `sentinel monitor ${masterName} ${master.host} ${master.port} 2`,
            `sentinel down-after-milliseconds ${masterName} 1000`,
            `sentinel failover-timeout ${masterName} 5000`,
            `sentinel parallel-syncs ${masterName} 1`,
          ].join('\n'),
        );
        const args = [conf, '--sentinel'];
        const sentinel = new LocalRedis(`sentinel-${i}`, port, dir, args, spawn('redis-server', args, { stdio: 'ignore' }));
        started.add(sentinel);
        await sentinel.listening();
        return sentinel;
      }),
    );
  }

  /** A Cluster of `masters` servers (no replicas), every slot assigned, its state ok. */
  static async cluster(name: string, masters = 3): Promise<LocalRedis[]> {
    const nodes = await Promise.all(Array.from({ length: masters }, (_, i) => LocalRedis.server(`${name}-${i}`, { cluster: true })));
    await run('redis-cli', ['--cluster', 'create', ...nodes.map((n) => `${n.host}:${n.port}`), '--cluster-replicas', '0', '--cluster-yes']);
    for (const node of nodes) {
      for (let tries = 0; !(await node.command('CLUSTER', 'INFO')).includes('cluster_state:ok'); tries++) {
        if (tries > 100) throw new Error(`cluster node ${node.name} never reached cluster_state:ok`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    return nodes;
  }

  get address(): string {
    return `${this.host}:${this.port}`;
  }

  /** One command on a plain connection of its own (not for TLS-only or password-only servers). */
  async command(...args: string[]): Promise<string> {
    const client = new Redis({ host: this.host, port: this.port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await client.connect();
      return String(await client.call(args[0]!, ...args.slice(1)));
    } finally {
      client.disconnect();
    }
  }

  /** Kills the server at once (SIGKILL): a crash, as a drill's failover needs. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** Starts it again on the same port and settings (after `kill`). */
  async restart(): Promise<void> {
    this.child = spawn('redis-server', this.args, { stdio: 'ignore' });
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    await this.listening();
  }

  async remove(): Promise<void> {
    started.delete(this);
    if (this.child.exitCode === null && this.child.signalCode === null) await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Waits until the port accepts connections. */
  private async listening(): Promise<void> {
    const { connect } = await import('node:net');
    for (let tries = 0; ; tries++) {
      const open = await new Promise<boolean>((resolve) => {
        const socket = connect(this.port, this.host, () => (socket.destroy(), resolve(true)));
        socket.on('error', () => resolve(false));
      });
      if (open) return;
      if (tries > 100 || this.child.exitCode !== null) throw new Error(`redis ${this.name} did not start on port ${this.port}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
