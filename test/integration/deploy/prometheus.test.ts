// deploy/prometheus: the compose stack's Prometheus config, the alert rules and their unit
// tests pass promtool (Debian's prometheus package); the Grafana dashboard's queries parse;
// and every metric they name is one the service exports.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { createTestDatabase, serviceEnv, type TestDatabase } from '../../support/postgres.js';
import { startTestService } from '../../support/test-service.js';
import { PROMETHEUS_RULE_PATH, RULES_PATH, prometheusRule } from '../../../tools/deploy/prometheus-rule.js';

const run = promisify(execFile);
const DIR = 'deploy/prometheus';
const DASHBOARD = 'deploy/components/monitoring/profile-service-dashboard.json';

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
const allRules = (parse(readFileSync(`${DIR}/alerts.yml`, 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules);
const rules = allRules.filter((r): r is Rule & { alert: string; annotations: Record<string, string> } => r.alert !== undefined);
const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[] };
const dashboardQueries = dashboard.panels.flatMap((p) => p.targets.map((t) => ({ panel: p.title, expr: t.expr })));

async function promtool(...args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run('promtool', args);
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number | string; stdout?: string; stderr?: string };
    return { code: typeof code === 'number' ? code : -1, output: `${String(code)} ${stdout ?? ''}${stderr ?? ''}` };
  }
}

test('promtool accepts the scrape config and the alert rules', async () => {
  expect(await promtool('check', 'config', `${DIR}/prometheus.yml`)).toMatchObject({ code: 0 });
  expect(await promtool('check', 'rules', `${DIR}/alerts.yml`)).toMatchObject({
    code: 0,
    output: expect.stringContaining(`SUCCESS: ${allRules.length} rules found`),
  });
});

test('each alert fires on the series that should fire it and stays quiet on the healthy ones (promtool test rules)', async () => {
  const result = await promtool('test', 'rules', `${DIR}/alerts.test.yml`);
  expect(result).toMatchObject({ code: 0, output: expect.stringContaining('SUCCESS') });

  // Every alert has a case where it fires and series in that case where it does not.
  const tests = (
    parse(readFileSync(`${DIR}/alerts.test.yml`, 'utf8')) as {
      tests: { input_series: unknown[]; alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[];
    }
  ).tests;
  for (const { alert } of rules) {
    const cases = tests.filter((t) => t.alert_rule_test.some((a) => a.alertname === alert));
    const fires = cases.some((t) =>
      t.alert_rule_test.some((a) => a.alertname === alert && a.exp_alerts.length > 0 && t.input_series.length > a.exp_alerts.length),
    );
    expect({ alert, fires }).toEqual({ alert, fires: true });
  }
});

test("the Prometheus Operator's PrometheusRule is generated from alerts.yml, unchanged since (npm run generate:monitoring)", () => {
  expect(readFileSync(PROMETHEUS_RULE_PATH, 'utf8')).toBe(prometheusRule(readFileSync(RULES_PATH, 'utf8')));
});

test('every alert says what is wrong and what to do first, pages or files a ticket, and links to its section of docs/troubleshooting.md', () => {
  const headings = new Set(
    [...readFileSync('docs/troubleshooting.md', 'utf8').matchAll(/^#{2,4} (.+)$/gm)].map(([, title]) => githubAnchor(title!)),
  );
  for (const rule of rules) {
    const anchor = /docs\/troubleshooting\.md#([\w-]+)$/.exec(rule.annotations['runbook_url'] ?? '')?.[1];
    expect({
      alert: rule.alert,
      summary: !!rule.annotations['summary'],
      runbook: !!rule.annotations['runbook'],
      severity: rule.labels?.['severity'],
      section: anchor !== undefined && headings.has(anchor),
    }).toEqual({ alert: rule.alert, summary: true, runbook: true, severity: expect.stringMatching(/^(page|ticket)$/), section: true });
  }
});

test('the rules select by the component label the service exports, never by a job name', () => {
  for (const rule of allRules) {
    // `up` is Prometheus's own and carries only job and instance: the one rule on it matches a pattern.
    if (/\bup\{/.test(rule.expr)) continue;
    expect({ rule: rule.alert ?? rule.record, job: /\bjob\s*[=!]/.test(rule.expr) }).toEqual({
      rule: rule.alert ?? rule.record,
      job: false,
    });
  }
  for (const query of dashboardQueries)
    expect({ panel: query.panel, job: /\bjob\s*[=!]/.test(query.expr) }).toEqual({ panel: query.panel, job: false });
});

test('every query of the Grafana dashboard parses (promtool, as recording rules)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-'));
  const file = join(dir, 'dashboard-rules.yml');
  const recorded = dashboardQueries
    .map((q, i) => `      - record: dashboard:query_${i}\n        expr: ${JSON.stringify(q.expr)}`)
    .join('\n');
  writeFileSync(file, `groups:\n  - name: dashboard\n    rules:\n${recorded}\n`);
  expect(await promtool('check', 'rules', file)).toMatchObject({
    code: 0,
    output: expect.stringContaining(`SUCCESS: ${dashboardQueries.length} rules found`),
  });
});

describe('the metrics the rules and the dashboard name', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  test('are all exported by the service', async () => {
    const svc = await startTestService({ env: serviceEnv(database.settings) });
    let exported: Set<string>;
    try {
      const text = (await svc.anonymous().get('/metrics')).text;
      exported = new Set(
        [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].flatMap(([, name, type]) =>
          type === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name!],
        ),
      );
    } finally {
      await svc.stop();
    }
    const named = new Set([...allRules.map((r) => r.expr), ...dashboardQueries.map((q) => q.expr)].flatMap(metricNames));
    named.delete('up'); // Prometheus's own
    // The recording rules' own series, and kube-state-metrics' view of the migration Job.
    for (const name of named) if (name.includes(':') || name.startsWith('kube_')) named.delete(name);
    expect([...named].filter((name) => !exported.has(name))).toEqual([]);
    expect(named.size).toBeGreaterThan(8);
  });
});

const PROMQL_WORDS = new Set(['and', 'or', 'unless', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset']);

/** The metric names in a PromQL expression: identifiers that are not functions, keywords, labels or durations. */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/\{[^}]*\}/g, ' ') // label matchers
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, ' ') // grouping labels
    .replace(/\[[^\]]*\]/g, ' '); // range durations
  return [...bare.matchAll(/(?<![\w.])([a-zA-Z_:][\w:]*)\b(?!\s*\()/g)].map(([, name]) => name!).filter((name) => !PROMQL_WORDS.has(name));
}

/** GitHub's anchor of a heading: lower case, spaces to dashes, most punctuation dropped. */
function githubAnchor(title: string): string {
  return title
    .trim()
    .toLowerCase()
    .replace(/[^\w\- ]/g, '')
    .replace(/ /g, '-');
}
