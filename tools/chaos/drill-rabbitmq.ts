// The drill's RabbitMQ: the machine's behind the drill's proxy (the default), or a cluster of
// three nodes the drill starts itself (tools/rabbitmq/local-rabbitmq.ts), each behind a proxy
// of its own so the drill sees which node the service is connected to, with quorum queues.
import amqplib from 'amqplib';
import { LocalRabbit } from '../rabbitmq/local-rabbitmq.js';
import { FaultProxy } from './fault-proxy.js';

export class DrillRabbit {
  private constructor(
    readonly nodes: readonly LocalRabbit[],
    private readonly links: readonly FaultProxy[],
  ) {}

  static async cluster(count = 3): Promise<DrillRabbit> {
    const nodes = await LocalRabbit.cluster(count);
    const links = await Promise.all(nodes.map((node) => FaultProxy.start({ host: '127.0.0.1', port: node.port })));
    return new DrillRabbit(nodes, links);
  }

  /** The service's QUEUE_* variables: every node (through its link), quorum queues. */
  get serviceEnv(): Record<string, string> {
    return { QUEUE_URIS: this.links.map((link) => `amqp://guest:guest@127.0.0.1:${link.port}/`).join(','), QUEUE_TYPE: 'quorum' };
  }

  /** The node most of the service's connections lead to now. */
  busiestNode(): LocalRabbit {
    const counts = this.links.map((link) => link.openConnections);
    return this.nodes[counts.indexOf(Math.max(...counts))]!;
  }

  /** Drops every message waiting in `queue` (on a running node), as a broker that lost them; how many there were. */
  async purge(queue: string): Promise<number> {
    const alive = this.nodes.find((node) => node.running);
    if (alive === undefined) throw new Error('no RabbitMQ node of the drill is running');
    const connection = await amqplib.connect(alive.uri);
    try {
      return (await (await connection.createChannel()).purgeQueue(queue)).messageCount;
    } finally {
      await connection.close();
    }
  }

  /** Messages waiting in `queue`. */
  async depth(queue: string): Promise<number> {
    const alive = this.nodes.find((node) => node.running)!;
    const connection = await amqplib.connect(alive.uri);
    try {
      return (await (await connection.createChannel()).checkQueue(queue)).messageCount;
    } finally {
      await connection.close();
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.links.map((link) => link.close()));
    await Promise.all(this.nodes.map((node) => node.remove()));
  }
}
