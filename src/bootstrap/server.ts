// Entry point of the API server: `npm start`.
import { createLogger } from '../adapters/observability/logger.js';
import { loadConfigOrExit } from './load-config-or-exit.js';
import { startService } from './service.js';

const config = loadConfigOrExit();
const log = createLogger({ name: 'profile-service', level: config.logLevel });

process.on('unhandledRejection', (reason) => {
  log.fatal({ err: reason }, 'unhandled promise rejection');
  process.exit(1);
});

const service = await startService(config, { log });

let signals = 0;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (++signals > 1) {
      log.warn({ signal }, 'second signal: exiting at once');
      process.exit(1);
    }
    log.info({ signal }, 'shutdown requested');
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
