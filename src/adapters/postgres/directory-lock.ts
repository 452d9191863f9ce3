// An exclusive lock on the embedded database's directory for the life of the process: two
// processes writing one PGlite cluster destroy it. proper-lockfile does the locking (an atomic
// mkdir whose mtime the holder keeps fresh). What it cannot tell at once is whether a holder
// on this machine is still alive: a process killed with SIGKILL leaves its lock behind. So the
// holder also writes who it is (host, boot, pid and the pid's start time), and a newcomer
// takes the lock over when that process no longer runs. A holder on another host sharing the
// volume is judged by proper-lockfile's mtime alone.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import lockfile from 'proper-lockfile';

/** Without fresh mtimes for this long, a lock is stale (the cross-host case). */
const STALE_MS = 30_000;
/** How often the holder refreshes the mtime. */
const REFRESH_MS = 5_000;

export class DirectoryLockedError extends Error {
  readonly code = 'EDIRLOCKED';

  constructor(
    readonly directory: string,
    readonly holder: ProcessIdentity | null,
  ) {
    super(`${directory} is in use by another process${holder ? ` (pid ${holder.pid} on ${holder.host})` : ''}`);
    this.name = 'DirectoryLockedError';
  }
}

export interface ProcessIdentity {
  readonly host: string;
  readonly pid: number;
  /** The kernel's boot id: pids are meaningful only within one boot. */
  readonly boot: string | null;
  /** The process's start time in clock ticks since boot: tells a live holder from a reused pid. */
  readonly started: string | null;
  /** Set once the holder has begun to stop (a signal): it lets go of the directory soon. */
  readonly stopping?: boolean;
}

export interface DirectoryLock {
  /** Tells a process that finds the directory locked that this one is stopping. */
  markStopping(): void;
  release(): Promise<void>;
}

export interface LockOptions {
  /** Called if another process took the lock from under us (our mtime refreshes stalled too long). */
  readonly onLost: (error: Error) => void;
}

const readOptional = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
};

/** The start time of a process, field 22 of /proc/<pid>/stat (after the parenthesised name). */
function startTicks(pid: number): string | null {
  const stat = readOptional(`/proc/${pid}/stat`);
  if (stat === null) return null;
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
}

function identityOf(pid: number): ProcessIdentity {
  return { host: hostname(), pid, boot: readOptional('/proc/sys/kernel/random/boot_id')?.trim() ?? null, started: startTicks(pid) };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the recorded holder certainly no longer runs: it ran on this host and boot, and its pid is gone or reused. */
export function holderIsGone(holder: ProcessIdentity, self: ProcessIdentity = identityOf(process.pid)): boolean {
  if (holder.host !== self.host || holder.boot !== self.boot) return false;
  // Our own pid, but we do not hold the lock: a previous process with this pid (a container's pid 1, say).
  if (holder.pid === self.pid) return true;
  if (holder.started !== null) return startTicks(holder.pid) !== holder.started;
  return !isAlive(holder.pid);
}

function readHolder(ownerPath: string): ProcessIdentity | null {
  const text = readOptional(ownerPath);
  if (text === null) return null;
  try {
    return JSON.parse(text) as ProcessIdentity;
  } catch {
    return null;
  }
}

/** Takes the lock on `directory` or throws DirectoryLockedError at once; never waits. */
export function lockDirectory(directory: string, options: LockOptions): DirectoryLock {
  const lockPath = `${directory}.lock`;
  const ownerPath = `${directory}.owner`;
  const settings = { lockfilePath: lockPath, realpath: false, stale: STALE_MS, update: REFRESH_MS, onCompromised: options.onLost };
  let unlock: () => Promise<void>;
  try {
    unlock = acquire(directory, settings);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const holder = readHolder(ownerPath);
    if (holder === null || !holderIsGone(holder)) throw new DirectoryLockedError(directory, holder);
    // The holder was killed without releasing: its lock is ours to take over.
    rmSync(lockPath, { recursive: true, force: true });
    unlock = acquire(directory, settings);
  }
  const writeOwner = (identity: ProcessIdentity) => {
    writeFileSync(`${ownerPath}.tmp`, JSON.stringify(identity));
    renameSync(`${ownerPath}.tmp`, ownerPath);
  };
  const self = identityOf(process.pid);
  writeOwner(self);
  return {
    markStopping() {
      writeOwner({ ...self, stopping: true });
    },
    async release() {
      rmSync(ownerPath, { force: true });
      await unlock();
    },
  };
}

function acquire(directory: string, settings: lockfile.LockOptions): () => Promise<void> {
  const release = lockfile.lockSync(directory, settings);
  return () => Promise.resolve(release());
}
