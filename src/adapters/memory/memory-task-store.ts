import type { TaskStore } from '../../domain/ports/task-store.js';
import type { Task } from '../../domain/task/task.js';
import type { Journal, MemoryDatabase } from './memory-database.js';

export class MemoryTaskStore implements TaskStore {
  constructor(
    private readonly db: MemoryDatabase,
    private readonly journal?: Journal,
  ) {}

  add(task: Task): Promise<void> {
    if (this.db.tasks.has(task.id)) return Promise.reject(new Error(`Task ${task.id} exists already.`));
    this.write(task.id, task);
    return Promise.resolve();
  }

  findById(id: string): Promise<Task | null> {
    return Promise.resolve(this.db.tasks.get(id) ?? null);
  }

  update(task: Task): Promise<void> {
    if (!this.db.tasks.has(task.id)) return Promise.reject(new Error(`Task ${task.id} does not exist.`));
    this.write(task.id, task);
    return Promise.resolve();
  }

  private write(id: string, task: Task): void {
    const previous = this.db.tasks.get(id);
    this.db.tasks.set(id, task);
    this.journal?.record(() => (previous ? this.db.tasks.set(id, previous) : this.db.tasks.delete(id)));
  }
}
