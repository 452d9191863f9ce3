// The drill of RabbitMQ as clusters run: three nodes of the drill's own with quorum queues; the
// node the service is connected to is lost, and later the broker loses the messages it held.
// docs/chaos.md says why each bar is what it is.
import { topologyNames } from '../../src/adapters/rabbitmq/topology.js';
import { ms, samples, taskBars } from './bars.js';
import { taskOutcomes, tasksFinished, type DrillContext, type Scenario } from './drill.js';
import { bar } from './report.js';

/** A task waits at most this long after the kill before one is done again. */
const FIRST_DONE_WITHIN_MS = 5000;
/** Every task of the fault is done within this of the kill. */
const ALL_DONE_WITHIN_MS = 30_000;
/** How long a task handed to the broker waits before the relay hands it over again (TASK_REPUBLISH_AFTER here). */
const REPUBLISH_AFTER = '3s';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function killBusiestNode(ctx: DrillContext): Promise<void> {
  const node = ctx.env.rabbitmq.busiestNode();
  ctx.facts['node killed'] = node.nodeName;
  ctx.marks['killed'] = Date.now();
  await node.kill();
}

/**
 * The killed node returns; then, with the worker paused so tasks wait on the broker, the broker
 * loses every message it holds (a purge), and the worker resumes: the relay must hand them over again.
 */
async function loseMessages(ctx: DrillContext): Promise<void> {
  const rabbit = ctx.env.rabbitmq;
  await rabbit.nodes.find((node) => node.nodeName === ctx.facts['node killed'])!.start();
  const worker = ctx.workers[0]!;
  const queue = topologyNames(ctx.env.prefix).workQueue;
  worker.signal('SIGSTOP');
  try {
    for (const until = Date.now() + 5000; Date.now() < until && (await rabbit.depth(queue)) === 0;) await sleep(100);
    ctx.marks['purged'] = Date.now();
    ctx.facts['messages the broker lost'] = await rabbit.purge(queue);
  } finally {
    worker.signal('SIGCONT');
  }
}

const rabbitmqNodeLoss: Scenario = {
  name: 'rabbitmq-node-loss',
  summary:
    'three RabbitMQ nodes, quorum queues: the node the service uses is killed while tasks are submitted; later the broker loses what it holds',
  drivers: { db: 'postgres', cache: 'memory', queue: 'rabbitmq' },
  instances: 1,
  workers: 1,
  rabbitmq: 'cluster',
  serverEnv: { WORKER_ENABLED: 'false', TASK_REPUBLISH_AFTER: REPUBLISH_AFTER },
  workerEnv: { TASK_REPUBLISH_AFTER: REPUBLISH_AFTER },
  mix: { get: 3, create: 1, import: 1, avatar: 1 },
  ratePerSecond: 8,
  concurrency: 4,
  inject: killBusiestNode,
  restore: loseMessages,
  settle: (ctx) => tasksFinished(ctx, 60_000),
  bars: async (m) => {
    const killed = m.ctx.marks['killed']!;
    const doneAfter = (await taskOutcomes(m.ctx))
      .filter((t) => t.status === 'succeeded' && t.updatedAt >= killed)
      .map((t) => t.updatedAt - killed);
    const first = doneAfter.length === 0 ? null : Math.min(...doneAfter);
    const lostByBroker = Number(m.ctx.facts['messages the broker lost'] ?? 0);
    const fiveXX = samples(m).filter((s) => (s.status ?? 0) >= 500).length;
    const [lost, twice, ofTheFault] = await taskBars(m.ctx, killed, 'the kill', ALL_DONE_WITHIN_MS);
    return [
      lost!,
      twice!,
      ofTheFault!,
      bar(
        `a task done again within ${FIRST_DONE_WITHIN_MS / 1000} s of the kill`,
        first !== null && first <= FIRST_DONE_WITHIN_MS,
        ms(first),
      ),
      bar(
        'every task done although the broker lost messages',
        lostByBroker > 0 && lost!.pass,
        `${lostByBroker} messages lost by the broker; ${lost!.figure}`,
      ),
      bar('no 5xx', fiveXX === 0, `${fiveXX}`),
    ];
  },
};

export const RABBITMQ_SCENARIOS: readonly Scenario[] = [rabbitmqNodeLoss];
