import type { JobProgress } from '../protocol.ts';

/** What a task gets from the worker that runs it. */
export interface TaskContext {
  jobId: string;
  signal: AbortSignal;
  progress(progress: JobProgress): void;
}
