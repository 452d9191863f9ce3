// Mints a bearer token signed with the service's secret:
//   npm run --silent token -- --sub alice --role user [--role admin] [--ttl 12h]
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../../application/principal.js';
import { mintServiceToken } from '../../adapters/http/auth/auth-secret.js';
import { EnvReader } from '../../adapters/settings/env-reader.js';
import { loadConfigOrExit } from '../load-config-or-exit.js';

const USAGE = `usage: npm run --silent token -- --sub NAME [--role user|admin]... [--ttl 12h]

Prints a bearer token for the service, signed with AUTH_JWT_SECRET or, without it, with the
secret the service keeps in DATA_DIR.
  --sub NAME    the principal (the token's "sub"); required
  --role ROLE   user (the default) or admin; repeat for both
  --ttl TIME    how long it is valid: 500ms, 30s, 15m, 12h (the default) or 30d`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE.split('\n')[0]}\n`);
  process.exit(2);
}

let values: { sub?: string; role?: string[]; ttl?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      sub: { type: 'string' },
      role: { type: 'string', multiple: true },
      ttl: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }));
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

if (!values.sub) fail('--sub is required.');
const roles = values.role ?? ['user'];
const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
if (unknown.length > 0) fail(`unknown role(s): ${unknown.join(', ')}; roles are ${ROLES.join(', ')}.`);
const ttlReader = new EnvReader({ '--ttl': values.ttl ?? '12h' });
const ttlMs = ttlReader.duration('--ttl', '12h', { minMs: 1000 });
const [ttlProblem] = ttlReader.problemsSoFar();
if (ttlProblem !== undefined) fail(ttlProblem);

const config = loadConfigOrExit();
const token = await mintServiceToken(config, { subject: values.sub, roles: roles as Role[], ttlSeconds: Math.round(ttlMs / 1000) });
process.stdout.write(`${token}\n`);
