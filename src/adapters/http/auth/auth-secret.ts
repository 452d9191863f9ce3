// The HS256 secret: AUTH_JWT_SECRET when set; otherwise (never in production) one generated
// on first start and kept under DATA_DIR, so tokens minted by `npm run token` stay valid.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mintToken, type TokenRequest } from './jwt.js';
import type { Config } from '../../settings/config.js';

export interface AuthSecret {
  readonly secret: Uint8Array;
  /** Where it came from, for the start-up log (never the secret itself). */
  readonly source: 'environment' | 'generated' | 'data-dir';
  readonly path?: string;
}

/** A token the service accepts, signed as its configuration says (the CLIs: token, seed). */
export async function mintServiceToken(config: Config, request: TokenRequest): Promise<string> {
  const { secret } = await resolveAuthSecret(config);
  const { issuer, audience } = config.auth;
  return mintToken({ secret, ...(issuer ? { issuer } : {}), ...(audience ? { audience } : {}) }, request);
}

export async function resolveAuthSecret(config: Config): Promise<AuthSecret> {
  if (config.auth.secret !== undefined) {
    return { secret: new TextEncoder().encode(config.auth.secret), source: 'environment' };
  }
  const path = join(config.dataDir, 'auth-secret');
  try {
    const stored = (await readFile(path, 'utf8')).trim();
    return { secret: new TextEncoder().encode(stored), source: 'data-dir', path };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(config.dataDir, { recursive: true });
  const generated = randomBytes(48).toString('base64url');
  try {
    // `wx` fails if another process created it meanwhile; then that one's secret wins.
    await writeFile(path, `${generated}\n`, { mode: 0o600, flag: 'wx' });
    return { secret: new TextEncoder().encode(generated), source: 'generated', path };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return resolveAuthSecret(config);
  }
}
