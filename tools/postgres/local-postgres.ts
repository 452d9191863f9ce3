// PostgreSQL servers of a test's or a drill's own: a primary, its streaming standbys, TLS on
// request. Each runs from the machine's PostgreSQL binaries on a free port, under a temporary
// directory, as the postgres user when run as root (PostgreSQL refuses root), and is stopped and
// removed at the end. Never the machine's own server: drills that fail over need servers they
// may kill, promote and turn read-only.
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** Where initdb, pg_ctl and pg_basebackup are: `pg_config --bindir`, else the newest /usr/lib/postgresql/N/bin. */
async function binaries(): Promise<string> {
  const fromConfig = await run('pg_config', ['--bindir']).then(
    ({ stdout }) => stdout.trim(),
    () => '',
  );
  if (fromConfig !== '' && existsSync(join(fromConfig, 'initdb'))) return fromConfig;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (newest === undefined) throw new Error('no PostgreSQL server binaries found (pg_config --bindir, /usr/lib/postgresql/*/bin)');
  return join(root, newest, 'bin');
}

/** The account the server runs as: postgres when we are root, else ourselves. */
interface Account {
  readonly uid: number;
  readonly gid: number;
  readonly wrap: (command: string, args: string[]) => [string, string[]];
}

async function account(): Promise<Account> {
  if (userInfo().uid !== 0) return { uid: userInfo().uid, gid: userInfo().gid, wrap: (c, a) => [c, a] };
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]).then((r) =>
    r.map(({ stdout }) => Number(stdout.trim())),
  );
  return { uid: uid!, gid: gid!, wrap: (c, a) => ['runuser', ['-u', 'postgres', '--', c, ...a]] };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface ServerTls {
  /** PEM text: the server's certificate and key, and the CA that signs client certificates. */
  readonly cert: string;
  readonly key: string;
  readonly clientCa?: string;
}

export interface PrimaryOptions {
  readonly tls?: ServerTls;
  /** pg_hba.conf lines instead of the default (trust over TCP from 127.0.0.1, replication included). */
  readonly hba?: readonly string[];
}

const TRUST_LOCAL = ['local all all trust', 'host all all 127.0.0.1/32 trust', 'host replication all 127.0.0.1/32 trust'];

/** Every server started and not yet removed: `removeAll` stops them when their owner is interrupted. */
const started = new Set<LocalPostgres>();

export class LocalPostgres {
  readonly host = '127.0.0.1';

  /** Stops and removes every server this process started (a drill interrupted with Ctrl-C). */
  static async removeAll(): Promise<void> {
    await Promise.all([...started].map((server) => server.remove()));
  }

  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly bin: string,
    private readonly owner: Account,
    readonly name: string,
  ) {}

  /** A new primary, started and accepting connections. */
  static async primary(name: string, options: PrimaryOptions = {}): Promise<LocalPostgres> {
    const [bin, owner, port] = await Promise.all([binaries(), account(), freePort()]);
    const server = new LocalPostgres(port, LocalPostgres.workDir(owner, name), bin, owner, name);
    try {
      await server.initialize(options);
    } catch (error) {
      await server.remove();
      throw error;
    }
    return server;
  }

  /** initdb, the settings a drill needs (replication, TLS, the access rules), then start. */
  private async initialize(options: PrimaryOptions): Promise<void> {
    const data = join(this.dir, 'data');
    await this.exec('initdb', ['--no-sync', '-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
    const conf: Record<string, string> = {
      fsync: 'off',
      full_page_writes: 'off',
      max_wal_senders: '5',
      wal_level: 'replica',
      hot_standby: 'on',
      max_connections: '60',
    };
    if (options.tls) {
      Object.assign(conf, {
        ssl: 'on',
        ssl_cert_file: `'${this.ownedFile('server.crt', options.tls.cert)}'`,
        ssl_key_file: `'${this.ownedFile('server.key', options.tls.key)}'`,
      });
      if (options.tls.clientCa) conf['ssl_ca_file'] = `'${this.ownedFile('client-ca.crt', options.tls.clientCa)}'`;
    }
    appendFileSync(
      join(data, 'postgresql.conf'),
      Object.entries(conf)
        .map(([k, v]) => `${k} = ${v}\n`)
        .join(''),
    );
    writeFileSync(join(data, 'pg_hba.conf'), `${(options.hba ?? TRUST_LOCAL).join('\n')}\n`);
    await this.start();
  }

  /** A streaming standby of this primary (pg_basebackup -R), started; synchronous when the primary asks for one. */
  async standby(name: string): Promise<LocalPostgres> {
    const port = await freePort();
    const root = LocalPostgres.workDir(this.owner, name);
    const server = new LocalPostgres(port, root, this.bin, this.owner, name);
    try {
      await server.exec('pg_basebackup', [
        '-h',
        this.host,
        '-p',
        String(this.port),
        '-U',
        'postgres',
        '-D',
        join(root, 'data'),
        '-R',
        '-X',
        'stream',
        '-c',
        'fast',
      ]);
      // -R wrote primary_conninfo; the name is what synchronous_standby_names matches. Promoted,
      // the standby must not wait for a standby of its own, as the copied settings would have it.
      appendFileSync(join(root, 'data', 'postgresql.auto.conf'), `cluster_name = '${name}'\nsynchronous_standby_names = ''\n`);
      await server.start();
    } catch (error) {
      await server.remove();
      throw error;
    }
    return server;
  }

  /**
   * From now on a commit waits for a standby (synchronous_standby_names = '*'); with
   * synchronous_commit = remote_apply, until the standby has applied it. Set once a standby
   * streams: before that, every commit would wait.
   */
  async requireSynchronousStandby(): Promise<void> {
    await this.sql("ALTER SYSTEM SET synchronous_standby_names = '*'");
    await this.sql('SELECT pg_reload_conf()');
  }

  /** Starts the server (again) and waits until it accepts connections. */
  async start(): Promise<void> {
    started.add(this);
    const data = join(this.dir, 'data');
    const options = `-p ${this.port} -c listen_addresses=${this.host} -c unix_socket_directories='${this.dir}'`;
    await this.exec('pg_ctl', ['-D', data, '-l', join(this.dir, 'server.log'), '-o', options, '-w', '-t', '30', 'start']);
  }

  /** Stops it: `fast` ends sessions cleanly; `immediate` is a crash (no shutdown checkpoint). */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.exec('pg_ctl', ['-D', join(this.dir, 'data'), '-m', mode, '-w', 'stop']).catch(() => undefined);
  }

  /** Turns a standby into a primary and waits until it takes writes. */
  async promote(): Promise<void> {
    await this.exec('pg_ctl', ['-D', join(this.dir, 'data'), '-w', 'promote']);
  }

  /** A statement as the superuser, on a connection of its own (over the server's Unix socket, which needs no TLS). */
  async sql<R extends pg.QueryResultRow = Record<string, unknown>>(
    text: string,
    params: unknown[] = [],
    database = 'postgres',
  ): Promise<R[]> {
    const client = new pg.Client({ host: this.dir, port: this.port, user: 'postgres', database, connectionTimeoutMillis: 5000 });
    await client.connect();
    try {
      return (await client.query<R>(text, params)).rows;
    } finally {
      await client.end();
    }
  }

  /** Stops the server and removes its files. */
  async remove(): Promise<void> {
    started.delete(this);
    await this.stop('immediate');
    rmSync(this.dir, { recursive: true, force: true });
  }

  private static workDir(owner: Account, name: string): string {
    const dir = mkdtempSync(join(tmpdir(), `pg-${name}-`));
    chownSync(dir, owner.uid, owner.gid);
    return dir;
  }

  /** A file the server reads (a key must be the server user's and private); its path. */
  private ownedFile(name: string, content: string): string {
    const path = join(this.dir, name);
    writeFileSync(path, content, { mode: 0o600 });
    chownSync(path, this.owner.uid, this.owner.gid);
    chmodSync(path, 0o600);
    return path;
  }

  private async exec(tool: string, args: string[]): Promise<void> {
    const [command, wrapped] = this.owner.wrap(join(this.bin, tool), args);
    try {
      await run(command, wrapped, { cwd: this.dir });
    } catch (error) {
      const { stderr } = error as { stderr?: string };
      throw new Error(`${tool} failed for ${this.name}: ${stderr?.trim() || (error as Error).message}`);
    }
  }
}
