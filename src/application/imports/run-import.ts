import { DomainError, UniquenessConflictError, ValidationError, type FieldError } from '../../domain/errors.js';
import type { Clock } from '../../domain/ports/clock.js';
import type { IdGenerator } from '../../domain/ports/id-generator.js';
import type { ProfileCache } from '../../domain/ports/profile-cache.js';
import type { ProfileRepository } from '../../domain/ports/profile-repository.js';
import type { TaskStore } from '../../domain/ports/task-store.js';
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

/**
 * `profile.import`: creates one profile per NDJSON line, each validated like a create. Line n
 * of task t always gets the same profile id, so an attempt that runs again after a crash
 * finds the profiles it made and counts them, instead of failing them as duplicates.
 */
export class RunImport implements TaskWork {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly profiles: ProfileRepository,
    private readonly tasks: TaskStore,
    private readonly cache: ProfileCache,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly parse: CreateInputParser,
  ) {}

  async run(task: Task): Promise<ImportResult> {
    const input = await this.tasks.input(task.id);
    if (input === null) throw new PermanentTaskFailure('The import file is no longer stored.');
    const lines = new TextDecoder('utf-8', { fatal: false }).decode(input).split('\n');
    let created = 0;
    const failures: LineFailure[] = [];
    for (const [index, text] of lines.entries()) {
      if (text.trim() === '') continue;
      const failure = await this.importLine(task, index + 1, text);
      if (failure === null) created++;
      else failures.push(failure);
    }
    return { created, failed: failures.length, failures: failures.slice(0, MAX_REPORTED_FAILURES) };
  }

  /** Null when the line's profile exists now; else why it could not be made. */
  private async importLine(task: Task, line: number, text: string): Promise<LineFailure | null> {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return { line, reason: 'The line is not valid JSON.' };
    }
    const id = this.ids.derive(`${task.id}:${line}`);
    try {
      const fields = this.parse(raw);
      if (fields.ownerId === undefined) return { line, reason: 'Every imported profile needs an ownerId.', errors: [{ pointer: '/ownerId', message: 'is required' }] };
      const profile = Profile.create(fields as NewProfile, id, this.clock.now());
      try {
        await this.uow.run(({ profiles }) => profiles.add(profile));
      } catch (error) {
        // A rerun (after a crash, a lapsed lease, an admin's retry) meets the profiles it made
        // itself: the id is this line's alone, so one stored under it counts as created.
        if ((await this.profiles.findById(id)) !== null) return null;
        throw error;
      }
      await this.cache.invalidate(id, profile.version);
      return null;
    } catch (error) {
      if (error instanceof ValidationError) return { line, reason: 'The profile has invalid members.', errors: error.errors };
      if (error instanceof UniquenessConflictError) return { line, reason: error.message, errors: [{ pointer: error.pointer, message: error.message }] };
      if (error instanceof DomainError && error.kind !== 'unavailable') return { line, reason: error.message };
      throw error;
    }
  }
}
