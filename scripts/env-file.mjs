// Loaded first by `npm start`, `npm run worker` and `npm run token` (node --import): ./.env,
// when it exists, fills in the variables the environment does not set (.env.example lists them).
import { existsSync } from 'node:fs';
import process from 'node:process';

if (existsSync('.env')) process.loadEnvFile('.env');
