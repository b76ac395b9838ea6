import { CancelledError, SwayError } from '../../graph/errors.ts';
import type { GraphStore } from '../stores/contract.ts';
import type { JobError, TaskRequest } from './protocol.ts';
import { runAdvocatesTask } from './tasks/advocates-task.ts';
import type { TaskContext } from './tasks/context.ts';
import { runImportTask } from './tasks/import-task.ts';
import { runScoreTask } from './tasks/score-task.ts';

/** Runs one job's task against an open store (in a worker thread; see worker.ts). */
export function runTask(store: GraphStore, task: TaskRequest, context: TaskContext): Promise<unknown> {
  switch (task.kind) {
    case 'score':
      return runScoreTask(store, task.params, context);
    case 'import':
      return runImportTask(store, task.params, context);
    case 'advocates':
      return runAdvocatesTask(store, task.params, context);
  }
}

/** The error a job reports: Sway's own errors keep their message; anything else is a bug and says only that. */
export function toJobError(error: unknown): JobError {
  if (error instanceof CancelledError) return { code: 'CANCELLED', message: 'the job was cancelled' };
  if (error instanceof SwayError) return { code: error.code, message: error.message };
  if ((error as { code?: unknown } | null)?.code === 'STORE_UNAVAILABLE')
    return { code: 'INTERNAL', message: 'the store could not be reached' };
  return { code: 'INTERNAL', message: 'the job failed with an internal error' };
}
