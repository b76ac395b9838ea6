import type { JobError } from '../errors.ts';
import type { AdvocatePlanOptions } from '../usecases/advocates.ts';
import type { EngineChoice } from '../usecases/engine-choice.ts';
import type { RetentionChoice } from '../usecases/options.ts';
import type { ImportRequest } from '../usecases/import.ts';
import type { RescoreOptions } from '../usecases/rescore.ts';
import type { SpreadOptions } from '../usecases/spread.ts';

/**
 * What the API asks a job worker to do, and what the worker answers. Jobs run in worker threads so that scoring,
 * advocate plans and imports never block the thread that serves requests; each task is a use case (server/usecases)
 * with the options the API validated.
 */
export type JobKind = 'score' | 'advocates' | 'import' | 'spread';

/** An uploaded file to import, then (with `rescore`) re-score. */
export type ImportTaskParams = Omit<ImportRequest, 'expectedRelationships' | 'uploaded'>;

export type TaskRequest =
  | { kind: 'score'; params: RescoreOptions }
  | { kind: 'import'; params: ImportTaskParams }
  | { kind: 'advocates'; params: AdvocatePlanOptions }
  | { kind: 'spread'; params: SpreadOptions };

export interface JobProgress {
  /** 0..1 of the whole job. */
  fraction: number;
  phase: string;
  detail?: string;
}

export type WorkerMessage =
  | { type: 'progress'; progress: JobProgress }
  | { type: 'done'; result: unknown }
  | { type: 'error'; error: JobError; stack?: string };

export interface WorkerData {
  jobId: string;
  task: TaskRequest;
  store: { data: string; store?: string };
  /** Which engine computes score sets and advocate selections, and its settings (the server's configuration). */
  engine: EngineChoice;
  /** Which score versions the store keeps after a re-scoring (the server's configuration). */
  retention: RetentionChoice;
  /** One Int32 set to 1 by the API thread to cancel; read by the worker even while it computes synchronously. */
  cancelFlag: SharedArrayBuffer;
}
