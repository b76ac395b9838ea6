import type { EngineConfig } from '../../engines/config.ts';
import type { JobProgress } from '../protocol.ts';

/** What a task gets from the worker that runs it. */
export interface TaskContext {
  jobId: string;
  signal: AbortSignal;
  /** Which engine computes score sets and advocate selections. */
  engine: EngineConfig;
  progress(progress: JobProgress): void;
}
