// A counter's value read from the Prometheus text a service serves on /metrics, for the drills,
// benchmarks and tests that judge one.

/** The sum of a metric's samples over all its label sets; undefined when the text has none. */
export function sampleSum(exposition: string, name: string): number | undefined {
  const samples = [...exposition.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))];
  return samples.length === 0 ? undefined : samples.reduce((sum, sample) => sum + Number(sample[1]), 0);
}
