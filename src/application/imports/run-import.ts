import { DomainError, UniquenessConflictError, ValidationError, type FieldError } from '../../domain/errors.js';
import { profileEvent, type ProfileEvent } from '../../domain/events/profile-event.js';
import type { Clock } from '../../domain/ports/clock.js';
import type { IdGenerator } from '../../domain/ports/id-generator.js';
import type { CommittedVersion, ProfileCache } from '../../domain/ports/profile-cache.js';
import type { TaskInputs } from '../../domain/ports/task-store.js';
import type { UnitOfWork } from '../../domain/ports/unit-of-work.js';
import { Profile, type NewProfile } from '../../domain/profile/profile.js';
import type { Task } from '../../domain/task/task.js';
import { PermanentTaskFailure, type TaskWork } from '../tasks/task-work.js';

/** Checks one line's shape as a create request does (unknown and read-only members, types); throws ValidationError. */
export type CreateInputParser = (raw: unknown) => Partial<NewProfile>;

export interface LineFailure {
  readonly line: number;
  readonly reason: string;
  readonly errors?: readonly FieldError[];
}

export interface ImportResult {
  readonly created: number;
  readonly failed: number;
  /** The first failures, by line number (1-based). */
  readonly failures: readonly LineFailure[];
}

const MAX_REPORTED_FAILURES = 1000;
/** How long an import may hold the event loop before it lets requests through. */
const YIELD_AFTER_MS = 10;

/** A line that parsed into a profile, waiting for its batch to be stored. */
interface Pending {
  readonly line: number;
  readonly profile: Profile;
}

/** The lines of an NDJSON file, numbered from 1, decoded one at a time: the file is never split whole. */
function* ndjsonLines(bytes: Uint8Array): Generator<{ readonly number: number; readonly text: string }> {
  const decoder = new TextDecoder('utf-8', { fatal: false });
  for (let start = 0, number = 1; start <= bytes.length; number++) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline === -1 ? bytes.length : newline;
    yield { number, text: decoder.decode(bytes.subarray(start, end)) };
    start = end + 1;
  }
}

/** Lets timers and I/O run (requests, health checks) before going on. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * `profile.import`: creates one profile per NDJSON line, each validated like a create, and
 * stores them a batch at a time (one statement per batch; a line that collides is then tried
 * alone, for the exact reason). Line n of task t always gets the same profile id, so an
 * attempt that runs again after a crash finds the profiles it made and counts them, instead of
 * failing them as duplicates. Memory stays bounded whatever the number of lines (a batch, a
 * count and the first failures), and the work hands the event loop back every few
 * milliseconds, so the API keeps answering meanwhile.
 */
export class RunImport implements TaskWork {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly inputs: TaskInputs,
    private readonly cache: ProfileCache,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly parse: CreateInputParser,
    /** Profiles stored per statement. */
    private readonly batchSize: number,
  ) {}

  async run(task: Task): Promise<ImportResult> {
    const input = await this.inputs.input(task.id);
    if (input === null) throw new PermanentTaskFailure('The import file is no longer stored.');
    let created = 0;
    let failed = 0;
    const failures: LineFailure[] = [];
    let batch: Pending[] = [];
    // The failures of the lines of the batch in hand: reported in line order once it is stored.
    let batchFailures: LineFailure[] = [];
    const storeBatch = async () => {
      const stored = await this.store(batch);
      created += stored.created;
      for (const failure of [...batchFailures, ...stored.failures].sort((a, b) => a.line - b.line)) {
        if (++failed <= MAX_REPORTED_FAILURES) failures.push(failure);
      }
      batch = [];
      batchFailures = [];
    };
    let heldSince = Date.now();
    for (const { number, text } of ndjsonLines(input)) {
      if (text.trim() !== '') {
        const parsed = this.profileOf(task, number, text);
        if ('profile' in parsed) batch.push(parsed);
        else batchFailures.push(parsed);
        if (batch.length >= this.batchSize) await storeBatch();
      }
      if (Date.now() - heldSince >= YIELD_AFTER_MS) {
        await yieldToEventLoop();
        heldSince = Date.now();
      }
    }
    await storeBatch();
    return { created, failed, failures };
  }

  /** The line's profile, or why the line cannot make one. */
  private profileOf(task: Task, line: number, text: string): Pending | LineFailure {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return { line, reason: 'The line is not valid JSON.' };
    }
    try {
      const fields = this.parse(raw);
      if (fields.ownerId === undefined)
        return { line, reason: 'Every imported profile needs an ownerId.', errors: [{ pointer: '/ownerId', message: 'is required' }] };
      const id = this.ids.derive(`${task.id}:${line}`);
      return { line, profile: Profile.create(fields as NewProfile, id, this.clock.now()) };
    } catch (error) {
      return failureOf(line, error);
    }
  }

  /**
   * Stores a batch in one statement, with a `profile.created` event for each profile it added,
   * in one transaction; a profile it leaves out is tried alone, for its reason.
   */
  private async store(batch: readonly Pending[]): Promise<{ created: number; failures: LineFailure[] }> {
    if (batch.length === 0) return { created: 0, failures: [] };
    const outcomes = await this.uow.run(async ({ profiles, events }) => {
      const stored = await profiles.addMany(batch.map((p) => p.profile));
      await events.addMany(batch.filter((p) => stored.get(p.profile.id) === 'added').map((p) => this.createdEvent(p.profile)));
      return stored;
    });
    let created = 0;
    const failures: LineFailure[] = [];
    const added: CommittedVersion[] = [];
    for (const { line, profile } of batch) {
      const outcome = outcomes.get(profile.id) ?? (await this.storeAlone(line, profile));
      if (typeof outcome === 'object') {
        failures.push(outcome);
        continue;
      }
      created++;
      if (outcome === 'added') added.push({ id: profile.id, version: profile.version });
    }
    // An id looked up before its profile existed may be cached as absent: the batch's ids are dropped at once.
    await this.cache.invalidateMany(added);
    return { created, failures };
  }

  /** Adds one profile the batch left out: `added`, `existing` (a rerun made it), or why it cannot be. */
  private async storeAlone(line: number, profile: Profile): Promise<'added' | 'existing' | LineFailure> {
    try {
      await this.uow.run(async ({ profiles, events }) => {
        await profiles.add(profile);
        await events.add(this.createdEvent(profile));
      });
      return 'added';
    } catch (error) {
      // A rerun (after a crash, a lapsed lease, an admin's retry) meets the profiles it made
      // itself: the id is this line's alone, so one stored under it counts as created.
      if ((await this.uow.run(({ profiles }) => profiles.findById(profile.id))) !== null) return 'existing';
      return failureOf(line, error);
    }
  }

  /** Its id derives from the profile's, itself derived from the line: a rerun that adds the profile tells of it under the same id. */
  private createdEvent(profile: Profile): ProfileEvent {
    return profileEvent('profile.created', profile, this.ids.derive(`${profile.id}:created`), profile.createdAt);
  }
}

/** The line's failure for an expected outcome of the core; anything else (a dependency down) is thrown. */
function failureOf(line: number, error: unknown): LineFailure {
  if (error instanceof ValidationError) return { line, reason: 'The profile has invalid members.', errors: error.errors };
  if (error instanceof UniquenessConflictError)
    return { line, reason: error.message, errors: [{ pointer: error.pointer, message: error.message }] };
  if (error instanceof DomainError && error.kind !== 'unavailable') return { line, reason: error.message };
  throw error;
}
