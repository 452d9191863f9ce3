// Entry point of a worker process: `npm run worker`. It relays the outbox and runs tasks, like
// the server's built-in worker, and serves no API: only its health probes and metrics, on
// WORKER_HTTP_PORT. Start as many as the queue needs.
import { runProcess } from './run-process.js';

await runProcess('worker');
