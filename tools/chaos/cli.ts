// npm run chaos -- <scenario|all> [options]: chaos drills against the compiled service on this
// machine. Prints a report per drill, a PASS or FAIL line per bar, and last "N passed, N failed";
// exits 0 only when every bar passed. See docs/chaos.md.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runDrill, type Timing } from './drill.js';
import { DEFAULT_TARGETS } from './environment.js';
import { LocalPostgres } from '../postgres/local-postgres.js';
import { LocalRedis } from '../redis/local-redis.js';
import { killAll } from './processes.js';
import { printReport, type DrillReport } from './report.js';
import { SCENARIOS } from './scenarios.js';

const USAGE = `usage: npm run chaos -- <scenario|all> [options]

scenarios: ${SCENARIOS.map((s) => s.name).join(', ')}, all

options:
  --before S, --fault S, --after S   seconds of each phase (default 10, 10, 15)
  --short                            2, 6 and 6 s: for CI
  --instances N, --workers N         service processes to start (default: the scenario's)
  --db-url URL                       PostgreSQL to create the drill's database on (${DEFAULT_TARGETS.dbUrl})
  --redis-address HOST:PORT          Redis (${DEFAULT_TARGETS.redisAddress})
  --queue-uri URI                    RabbitMQ (${DEFAULT_TARGETS.queueUri})
  --service-dir DIR                  the build to drill (default: this project's dist/)
  --json FILE                        also write the reports as JSON
  --logs DIR                         write each service process's log lines to DIR`;

const { values, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        before: { type: 'string' },
        fault: { type: 'string' },
        after: { type: 'string' },
        short: { type: 'boolean' },
        instances: { type: 'string' },
        workers: { type: 'string' },
        json: { type: 'string' },
        logs: { type: 'string' },
        'db-url': { type: 'string' },
        'redis-address': { type: 'string' },
        'queue-uri': { type: 'string' },
        'service-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
})();

if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const [name] = positionals;
const chosen = name === 'all' ? SCENARIOS : SCENARIOS.filter((s) => s.name === name);
if (chosen.length === 0) {
  process.stderr.write(`${name ? `unknown scenario "${name}"` : 'name a scenario'}\n${USAGE}\n`);
  process.exit(2);
}

const seconds = (value: string | undefined, fallback: number) => (value === undefined ? fallback : Number(value)) * 1000;
const timing: Timing = values.short
  ? { beforeMs: 2000, faultMs: 6000, afterMs: 6000 }
  : { beforeMs: seconds(values.before, 10), faultMs: seconds(values.fault, 10), afterMs: seconds(values.after, 15) };

// A progress line while it runs: rewritten in place on a terminal, every few seconds otherwise.
let lastProgress = 0;
const progress = (line: string) => {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${line}`);
  else if (Date.now() - lastProgress > 5000) {
    process.stderr.write(`${line}\n`);
    lastProgress = Date.now();
  }
};
const say = (line: string) => {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
  process.stdout.write(`${line}\n`);
};

// Ctrl-C (or a SIGTERM): every process and PostgreSQL server the drill started is stopped.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    say('interrupted: stopping the processes the drill started');
    void Promise.all([killAll(), LocalPostgres.removeAll(), LocalRedis.stopAll()]).then(() => process.exit(130));
  });
}

const reports: DrillReport[] = [];
for (const scenario of chosen) {
  try {
    const report = await runDrill(scenario, {
      targets: {
        dbUrl: values['db-url'] ?? DEFAULT_TARGETS.dbUrl,
        redisAddress: values['redis-address'] ?? DEFAULT_TARGETS.redisAddress,
        queueUri: values['queue-uri'] ?? DEFAULT_TARGETS.queueUri,
      },
      serviceDir: resolve(values['service-dir'] ?? '.'),
      timing,
      ...(values.instances ? { instances: Number(values.instances) } : {}),
      ...(values.workers ? { workers: Number(values.workers) } : {}),
      progress,
      ...(values.logs ? { logsDir: resolve(values.logs) } : {}),
    });
    reports.push(report);
    printReport(report, say);
  } catch (error) {
    const report: DrillReport = {
      scenario: scenario.name,
      summary: scenario.summary,
      phases: [],
      facts: {},
      bars: [{ name: 'the drill ran', pass: false, figure: (error as Error).message.split('\n')[0]! }],
    };
    reports.push(report);
    printReport(report, say);
  }
}

if (values.json) writeFileSync(values.json, JSON.stringify(reports, null, 2));
const bars = reports.flatMap((r) => r.bars);
const passed = bars.filter((b) => b.pass).length;
say('');
say(`${passed} passed, ${bars.length - passed} failed`);
process.exit(passed === bars.length ? 0 : 1);
