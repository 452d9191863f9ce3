import type { TaskStore } from '../../domain/ports/task-store.js';
import type { Task, TaskStatus, TaskType } from '../../domain/task/task.js';
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
}

const COLUMNS = 'id, type, payload, status, attempts, max_attempts, run_at, last_error, result, requested_by, created_at, updated_at';

const fromRow = (r: TaskRow): Task => ({
  id: r.id, type: r.type, payload: r.payload, status: r.status, attempts: r.attempts, maxAttempts: r.max_attempts,
  runAt: new Date(r.run_at), lastError: r.last_error, result: r.result ?? null, requestedBy: r.requested_by,
  createdAt: new Date(r.created_at), updatedAt: new Date(r.updated_at),
});

const values = (t: Task) => [
  t.id, t.type, JSON.stringify(t.payload), t.status, t.attempts, t.maxAttempts, t.runAt, t.lastError,
  t.result === null || t.result === undefined ? null : JSON.stringify(t.result), t.requestedBy, t.createdAt, t.updatedAt,
];

export class SqlTaskStore implements TaskStore {
  constructor(private readonly db: SqlExecutor) {}

  async add(task: Task): Promise<void> {
    await this.db.query(`INSERT INTO tasks (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`, values(task));
  }

  async findById(id: string): Promise<Task | null> {
    const { rows } = await this.db.query<TaskRow>(`SELECT ${COLUMNS} FROM tasks WHERE id = $1`, [id]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async update(task: Task): Promise<void> {
    const { rowCount } = await this.db.query(
      `UPDATE tasks SET type = $2, payload = $3, status = $4, attempts = $5, max_attempts = $6, run_at = $7,
         last_error = $8, result = $9, requested_by = $10, created_at = $11, updated_at = $12 WHERE id = $1`,
      values(task),
    );
    if (rowCount === 0) throw new Error(`Task ${task.id} does not exist.`);
  }
}
