import { loadConfig, type Config } from '../adapters/settings/config.js';
import { ConfigError } from '../adapters/settings/env-reader.js';

/** Loads the configuration, or prints every bad variable to stderr and exits with status 2. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\nSee README.md, "Configuration", for every variable and its default.\n`);
    process.exit(2);
  }
}
