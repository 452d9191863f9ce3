// The environment variables the config reader knows: every name loadConfig reads, found by
// letting it read a recording environment (in each mode, since production reads some more).
import { loadConfig } from '../../src/adapters/settings/config.js';

/** Variables that Node.js itself reads, which deployment files may set beside the service's own. */
export const RUNTIME_VARIABLES = ['NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS', 'TZ'];

export function configVariables(): Set<string> {
  const names = new Set<string>();
  for (const base of [
    {},
    { NODE_ENV: 'production' },
    { NODE_ENV: 'production', DB_DRIVER: 'postgres', CACHE_DRIVER: 'redis', QUEUE_DRIVER: 'rabbitmq' },
  ]) {
    const recording = new Proxy<NodeJS.ProcessEnv>(
      { ...base },
      {
        get(target, name) {
          if (typeof name === 'string') names.add(name);
          return target[name as string];
        },
      },
    );
    try {
      loadConfig(recording);
    } catch {
      // A production config without secrets is refused; it has read every name by then.
    }
  }
  return names;
}
