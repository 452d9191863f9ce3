// Mints a bearer token signed with the service's secret:
//   npm run --silent token -- --sub alice --role user [--role admin] [--ttl 12h]
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../../application/principal.js';
import { mintToken } from '../../adapters/http/auth/jwt.js';
import { resolveAuthSecret } from '../auth-secret.js';
import { loadConfigOrExit } from '../load-config-or-exit.js';
import { EnvReader } from '../env-reader.js';

const USAGE = 'usage: npm run --silent token -- --sub NAME [--role user|admin]... [--ttl 12h]';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

let values: { sub?: string; role?: string[]; ttl?: string };
try {
  ({ values } = parseArgs({
    options: { sub: { type: 'string' }, role: { type: 'string', multiple: true }, ttl: { type: 'string' } },
    strict: true,
  }));
} catch (error) {
  fail((error as Error).message);
}

if (!values.sub) fail('--sub is required.');
const roles = values.role ?? ['user'];
const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
if (unknown.length > 0) fail(`unknown role(s): ${unknown.join(', ')}; roles are ${ROLES.join(', ')}.`);
const ttlReader = new EnvReader({ '--ttl': values.ttl ?? '12h' });
const ttlMs = ttlReader.duration('--ttl', '12h', { minMs: 1000 });
try {
  ttlReader.done();
} catch (error) {
  fail((error as Error).message);
}

const config = loadConfigOrExit();
const { secret } = await resolveAuthSecret(config);
const token = await mintToken(
  { secret, ...(config.auth.issuer ? { issuer: config.auth.issuer } : {}), ...(config.auth.audience ? { audience: config.auth.audience } : {}) },
  { subject: values.sub, roles: roles as Role[], ttlSeconds: Math.round(ttlMs / 1000) },
);
process.stdout.write(`${token}\n`);
