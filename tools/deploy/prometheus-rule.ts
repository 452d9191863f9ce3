// npm run generate:monitoring: deploy/components/monitoring/prometheusrule.yaml, the Prometheus
// Operator's form of deploy/prometheus/alerts.yml, so that the rules have one source. A test
// fails when the two differ (test/integration/deploy/prometheus.test.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

export const RULES_PATH = fileURLToPath(new URL('../../deploy/prometheus/alerts.yml', import.meta.url));
export const PROMETHEUS_RULE_PATH = fileURLToPath(new URL('../../deploy/components/monitoring/prometheusrule.yaml', import.meta.url));

/** The PrometheusRule's text for the rules file's text. */
export function prometheusRule(rulesYaml: string): string {
  const { groups } = parse(rulesYaml) as { groups: unknown[] };
  const rule = { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'profile-service' }, spec: { groups } };
  return `# Generated from deploy/prometheus/alerts.yml by npm run generate:monitoring: edit that file, not this one.\n${stringify(rule, { lineWidth: 0 })}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(PROMETHEUS_RULE_PATH, prometheusRule(readFileSync(RULES_PATH, 'utf8')));
  process.stdout.write(`wrote ${PROMETHEUS_RULE_PATH}\n`);
}
