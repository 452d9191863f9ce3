// What waiting will not mend about a Redis connection, told in the terms of the setting to fix:
// credentials Redis refuses, TLS the server and the settings disagree on. The cache is never
// critical, so the service runs on without it; the operator must still hear why, once, and see
// it in /health.
import type { RedisClient } from './redis-client.js';

export interface RedisRefusal {
  /** The variable (or variables) to fix. */
  readonly setting: string;
  readonly reason: string;
}

/** Resets right after connecting, before Redis could answer anything: a TLS port met with plain TCP. */
const RESETS_THAT_MEAN_TLS = 3;
const UNTRUSTED =
  /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_UNTRUSTED)$/;

export class RedisConnectionWatch {
  private refusal: RedisRefusal | undefined;
  private resetsBeforeReady = 0;

  constructor(
    client: RedisClient,
    private readonly tls: boolean,
    private readonly report: (refusal: RedisRefusal) => void,
  ) {
    client.on('error', (error: Error) => this.heard(error));
    client.on('ready', () => {
      this.refusal = undefined;
      this.resetsBeforeReady = 0;
    });
  }

  /** Why Redis will not take this service's connections, while that lasts. */
  get problem(): RedisRefusal | undefined {
    return this.refusal;
  }

  private heard(error: Error): void {
    const found = this.classify(error);
    if (found === undefined || found.setting === this.refusal?.setting) return;
    this.refusal = found;
    this.report(found);
  }

  private classify(error: Error): RedisRefusal | undefined {
    const code = (error as { code?: unknown }).code;
    if (error.message.startsWith('WRONGPASS'))
      return { setting: 'REDIS_USERNAME / REDIS_PASSWORD', reason: `Redis refused them (${error.message})` };
    if (error.message.startsWith('NOAUTH')) return { setting: 'REDIS_PASSWORD', reason: `Redis requires one (${error.message})` };
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
      return { setting: 'REDIS_ADDRESS', reason: `the server's certificate is not for this host (${error.message})` };
    if (typeof code === 'string' && UNTRUSTED.test(code))
      return { setting: 'REDIS_TLS_CA', reason: `the server's certificate is not signed by a CA it trusts (${error.message})` };
    if (!this.tls && code === 'ECONNRESET' && ++this.resetsBeforeReady >= RESETS_THAT_MEAN_TLS) {
      return {
        setting: 'REDIS_TLS',
        reason:
          'the server resets plain connections before answering anything: it likely requires TLS (REDIS_TLS=true, or a rediss:// REDIS_ADDRESS)',
      };
    }
    return undefined;
  }
}
