import type { Clock } from '../../domain/ports/clock.js';
import type { IdGenerator } from '../../domain/ports/id-generator.js';
import type { UnitOfWork } from '../../domain/ports/unit-of-work.js';
import { newTask, type Task } from '../../domain/task/task.js';
import { assertMayImport } from '../access-policy.js';
import type { Principal } from '../principal.js';

/**
 * Accepts a bulk import (NDJSON, one profile a line): the file is stored with its task, in one
 * transaction, so the relay never sees the task before its file; a worker creates the profiles.
 */
export class ImportProfiles {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly maxAttempts: number,
  ) {}

  /** Throws ForbiddenError unless the principal may import: before a large file is read. */
  authorize(principal: Principal): void {
    assertMayImport(principal);
  }

  async execute(principal: Principal, ndjson: Uint8Array): Promise<Task> {
    assertMayImport(principal);
    const task = newTask({
      id: this.ids.next(),
      type: 'profile.import',
      payload: { bytes: ndjson.byteLength },
      requestedBy: principal.subject,
      now: this.clock.now(),
      maxAttempts: this.maxAttempts,
    });
    await this.uow.run(({ tasks }) => tasks.add(task, ndjson), { payloadBytes: ndjson.byteLength });
    return task;
  }
}
