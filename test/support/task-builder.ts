// Test data builder for tasks: aTask({ type: 'avatar.process' }) is a new queued task with a
// unique id; name any field of the domain's NewTask, and of the Task it becomes (`state`).
import { randomUUID } from 'node:crypto';
import { newTask, type NewTask, type Task } from '../../src/domain/task/task.js';

export function aTask(input: Partial<NewTask> = {}, state: Partial<Task> = {}): Task {
  const task = newTask({ id: randomUUID(), type: 'profile.import', payload: {}, requestedBy: 'requester', now: new Date(), ...input });
  return { ...task, ...state };
}
