// Entry point of the API server: `npm start`.
import { runProcess } from './run-process.js';

await runProcess('server');
