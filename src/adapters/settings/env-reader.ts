// Reads typed values from environment variables and collects every problem, so one
// start-up attempt names all the bad variables at once.

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export class EnvReader {
  private readonly problems: string[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  /** The raw value, or undefined when unset or empty. */
  raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  optionalString(name: string): string | undefined {
    return this.raw(name);
  }

  integer(name: string, fallback: number, { min, max }: { min: number; max: number }): number {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    if (!/^-?\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      return this.fail(`${name}: must be an integer from ${min} to ${max} (got "${raw}")`, fallback);
    }
    return Number(raw);
  }

  /** An integer, or `fallback` (which may be undefined) when unset. */
  optionalInteger(name: string, fallback: number | undefined, bounds: { min: number; max: number }): number | undefined {
    return this.raw(name) === undefined ? fallback : this.integer(name, fallback ?? bounds.min, bounds);
  }

  /** A duration such as 500ms, 30s, 15m, 12h or 30d, in milliseconds. */
  duration(name: string, fallback: string, { minMs = 0, maxMs = Infinity } = {}): number {
    const raw = this.raw(name) ?? fallback;
    const match = DURATION.exec(raw);
    const ms = match ? Math.round(Number(match[1]) * UNIT_MS[match[2]!]!) : NaN;
    if (!match || ms < minMs || ms > maxMs) {
      const bounds = [minMs ? `at least ${minMs} ms` : '', maxMs !== Infinity ? `at most ${maxMs} ms` : ''].filter(Boolean).join(' and ');
      return this.fail(`${name}: must be a duration like 500ms, 30s, 15m, 12h or 30d${bounds ? ` of ${bounds}` : ''} (got "${raw}")`, 0);
    }
    return ms;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.raw(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['true', '1', 'yes'].includes(raw)) return true;
    if (['false', '0', 'no'].includes(raw)) return false;
    return this.fail(`${name}: must be true or false (got "${raw}")`, fallback);
  }

  /** One of `allowed`; a default outside the list (say, a driver this build lacks) is a problem too. */
  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: string): T {
    const raw = this.raw(name);
    const value = raw ?? fallback;
    if (!(allowed as readonly string[]).includes(value)) {
      const got = raw === undefined ? `its default here is "${fallback}"` : `got "${raw}"`;
      return this.fail(`${name}: must be one of ${allowed.join(', ')} (${got})`, allowed[0]!);
    }
    return value as T;
  }

  /** One of `allowed`, or undefined when unset. */
  optionalOneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    return this.raw(name) === undefined ? undefined : this.oneOf(name, allowed, allowed[0]!);
  }

  /** Records a problem found by a rule that spans variables. */
  problem(message: string): void {
    this.problems.push(message);
  }

  /** Every problem found so far, one line each. */
  problemsSoFar(): readonly string[] {
    return [...this.problems];
  }

  /** Throws one ConfigError naming every problem found so far. */
  done(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }

  private fail<T>(message: string, fallback: T): T {
    this.problems.push(message);
    return fallback;
  }
}
