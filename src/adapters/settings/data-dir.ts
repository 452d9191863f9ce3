// DATA_DIR holds the embedded database and the generated auth secret. A fresh volume has no
// such folder yet: it is created (owner only). One that cannot be created or written is the
// operator's to fix, so start-up stops at once and says why instead of retrying for ever.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StartupError } from './startup-error.js';

export function prepareDataDir(directory: string): void {
  const probe = join(directory, `.write-test-${process.pid}`);
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new StartupError(`DATA_DIR: ${directory} cannot be created or written (${REASONS[code ?? ''] ?? message}).`, { cause: error });
  }
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EEXIST: 'a file is in the way',
  ENOTDIR: 'a file is in the way',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
};
