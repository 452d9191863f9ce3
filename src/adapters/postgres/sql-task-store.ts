// Tasks in PostgreSQL: the task rows are also the outbox (published_at is null until the
// relay has handed a row to the queue), and a lease (token, until) guards each attempt.
import { randomUUID } from 'node:crypto';
import type { TaskLease, TaskStore } from '../../domain/ports/task-store.js';
import type { Task, TaskStatus, TaskType } from '../../domain/task/task.js';
import { activeTraceparent } from '../observability/trace-context.js';
import type { SqlExecutor } from './sql.js';

interface TaskRow {
  id: string;
  type: TaskType;
  payload: Record<string, unknown>;
  status: TaskStatus;
  attempts: number;
  max_attempts: number;
  run_at: Date;
  last_error: string | null;
  result: unknown;
  requested_by: string;
  created_at: Date;
  updated_at: Date;
  trace_context: string | null;
}

const COLUMNS =
  'id, type, payload, status, attempts, max_attempts, run_at, last_error, result, requested_by, created_at, updated_at, trace_context';

const fromRow = (r: TaskRow): Task => ({
  id: r.id,
  type: r.type,
  payload: r.payload,
  status: r.status,
  attempts: r.attempts,
  maxAttempts: r.max_attempts,
  runAt: new Date(r.run_at),
  lastError: r.last_error,
  result: r.result ?? null,
  requestedBy: r.requested_by,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
  ...(r.trace_context !== null ? { traceContext: r.trace_context } : {}),
});

/**
 * PostgreSQL's text and jsonb cannot hold U+0000, which client input can carry into a task's
 * result (an import line's member name, say): it is stored as U+FFFD, the replacement character.
 */
const storable = (text: string) => text.replaceAll('\u0000', '\uFFFD');

function json(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  // NULs in keys and strings come out of JSON.stringify as the escape \u0000 (its backslash unescaped).
  return JSON.stringify(value).replace(/(?<!\\)((?:\\\\)*)\\u0000/g, '$1\\ufffd');
}

export class SqlTaskStore implements TaskStore {
  constructor(private readonly db: SqlExecutor) {}

  async add(task: Task, input?: Uint8Array): Promise<void> {
    await this.db.query(`INSERT INTO tasks (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`, [
      task.id,
      task.type,
      json(task.payload),
      task.status,
      task.attempts,
      task.maxAttempts,
      task.runAt,
      task.lastError,
      json(task.result),
      task.requestedBy,
      task.createdAt,
      task.updatedAt,
      // The request being traced now is the one that caused the task.
      task.traceContext ?? activeTraceparent() ?? null,
    ]);
    if (input) await this.db.query('INSERT INTO task_inputs (task_id, bytes) VALUES ($1, $2)', [task.id, Buffer.from(input)]);
  }

  async findById(id: string): Promise<Task | null> {
    const { rows } = await this.db.query<TaskRow>(`SELECT ${COLUMNS} FROM tasks WHERE id = $1`, [id]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async input(id: string): Promise<Uint8Array | null> {
    // Its size first, so that reading a large file is allowed the time it takes.
    const sized = await this.db.query<{ size: number }>('SELECT octet_length(bytes) AS size FROM task_inputs WHERE task_id = $1', [id]);
    if (!sized.rows[0]) return null;
    const { rows } = await this.db.query<{ bytes: Uint8Array }>('SELECT bytes FROM task_inputs WHERE task_id = $1', [id], {
      payloadBytes: sized.rows[0].size,
    });
    return rows[0] ? new Uint8Array(rows[0].bytes) : null;
  }

  async claim(id: string, now: Date, leaseMs: number): Promise<TaskLease | null> {
    const token = randomUUID();
    const { rows } = await this.db.query<TaskRow>(
      `UPDATE tasks SET status = 'running', attempts = attempts + 1, updated_at = $2, lease_token = $3, lease_until = $4
        WHERE id = $1 AND (status IN ('queued', 'failed') OR (status = 'running' AND lease_until < $2))
        RETURNING ${COLUMNS}`,
      [id, now, token, new Date(now.getTime() + leaseMs)],
    );
    return rows[0] ? { task: fromRow(rows[0]), token } : null;
  }

  async leaseExpiry(id: string): Promise<Date | null> {
    const { rows } = await this.db.query<{ lease_until: Date | null }>('SELECT lease_until FROM tasks WHERE id = $1', [id]);
    const until = rows[0]?.lease_until;
    return until ? new Date(until) : null;
  }

  async renew(lease: TaskLease, until: Date): Promise<boolean> {
    const { rowCount } = await this.db.query('UPDATE tasks SET lease_until = $3 WHERE id = $1 AND lease_token = $2', [
      lease.task.id,
      lease.token,
      until,
    ]);
    return rowCount > 0;
  }

  async settle(lease: TaskLease, t: Task): Promise<boolean> {
    // A finished task no longer needs its input; a failed or dead one keeps it for the next attempt.
    const { rows } = await this.db.query<{ settled: number }>(
      `WITH settled AS (
         UPDATE tasks SET status = $3, attempts = $4, run_at = $5, last_error = $6, result = $7, updated_at = $8,
                lease_token = NULL, lease_until = NULL
          WHERE id = $1 AND lease_token = $2 RETURNING id
       ), dropped AS (
         DELETE FROM task_inputs WHERE $3 = 'succeeded' AND task_id IN (SELECT id FROM settled)
       )
       SELECT count(*)::int AS settled FROM settled`,
      [t.id, lease.token, t.status, t.attempts, t.runAt, t.lastError === null ? null : storable(t.lastError), json(t.result), t.updatedAt],
    );
    return (rows[0]?.settled ?? 0) > 0;
  }

  async requeue(t: Task): Promise<void> {
    await this.db.query(
      `UPDATE tasks SET status = $2, attempts = $3, run_at = $4, last_error = $5, result = $6, updated_at = $7,
              lease_token = NULL, lease_until = NULL, published_at = NULL
        WHERE id = $1`,
      [t.id, t.status, t.attempts, t.runAt, t.lastError === null ? null : storable(t.lastError), json(t.result), t.updatedAt],
    );
  }

  async takeUnpublished(horizon: Date, limit: number): Promise<Task[]> {
    // SKIP LOCKED: relays of several instances share the backlog instead of queueing behind each other.
    const { rows } = await this.db.query<TaskRow>(
      `SELECT ${COLUMNS} FROM tasks WHERE published_at IS NULL AND run_at <= $1
        ORDER BY run_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [horizon, limit],
    );
    return rows.map(fromRow);
  }

  async markPublished(ids: readonly string[], now: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.db.query('UPDATE tasks SET published_at = $2 WHERE id = ANY($1::uuid[])', [ids, now]);
  }

  async returnToOutbox(): Promise<number> {
    const { rowCount } = await this.db.query(
      `UPDATE tasks SET published_at = NULL WHERE published_at IS NOT NULL AND status NOT IN ('succeeded', 'dead')`,
    );
    return rowCount;
  }

  async returnStranded(since: Date): Promise<number> {
    const { rowCount } = await this.db.query(
      `UPDATE tasks SET published_at = NULL
        WHERE published_at IS NOT NULL AND status IN ('queued', 'failed', 'running')
          AND greatest(published_at, CASE WHEN status = 'running' THEN lease_until ELSE run_at END) < $1`,
      [since],
    );
    return rowCount;
  }

  async oldestDue(now: Date): Promise<Date | null> {
    const { rows } = await this.db.query<{ due: Date | null }>(
      'SELECT min(run_at) AS due FROM tasks WHERE published_at IS NULL AND run_at <= $1',
      [now],
    );
    const due = rows[0]?.due;
    return due ? new Date(due) : null;
  }

  async countUnpublished(): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM tasks WHERE published_at IS NULL');
    return rows[0]?.n ?? 0;
  }
}
