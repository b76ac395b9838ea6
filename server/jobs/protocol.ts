import type { ImportFormat } from '../../graph/import/index.ts';
import type { RelationshipKind } from '../../graph/model.ts';
import type { EngineConfig } from '../engines/config.ts';

/**
 * What the API asks a job worker to do, and what the worker answers. Jobs run in worker threads so that scoring, advocate
 * plans and imports never block the thread that serves requests.
 */
export type JobKind = 'score' | 'advocates' | 'import';

export interface ScoreTaskParams {
  /** Score families to compute (default all). */
  only?: string[];
  seed?: number;
}

export interface ImportTaskParams {
  /** The uploaded file, written to a temporary folder by the API. */
  file: string;
  /** csv: the people file next to it, when one was uploaded. */
  people?: string;
  format: ImportFormat;
  kind?: RelationshipKind;
  undirected?: boolean;
  ratingRange?: [number, number];
  /** The name users know the file by; errors name it instead of the temporary path. */
  source: string;
  /** Re-score after a successful import (default true in the API). */
  score: boolean;
}

export interface AdvocatesTaskParams {
  k: number;
  model: 'ic' | 'lt';
  epsilon: number;
  objective: 'reach' | 'value';
  exclude: string[];
  include: string[];
  excludeDetractors: boolean;
  customersOnly: boolean;
  capPerCommunity: number | null;
  seed: number;
  evaluationRuns: number;
}

export type TaskRequest =
  | { kind: 'score'; params: ScoreTaskParams }
  | { kind: 'import'; params: ImportTaskParams }
  | { kind: 'advocates'; params: AdvocatesTaskParams };

export interface JobProgress {
  /** 0..1 of the whole job. */
  fraction: number;
  phase: string;
  detail?: string;
}

/** An error as it crosses the thread boundary: a Sway error code (or INTERNAL) and a message safe to show. */
export interface JobError {
  code:
    'INVALID_OPTIONS' | 'INVALID_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'CANCELLED' | 'COMPUTATION_FAILED' | 'INTERNAL';
  message: string;
}

export type WorkerMessage =
  | { type: 'progress'; progress: JobProgress }
  | { type: 'done'; result: unknown }
  | { type: 'error'; error: JobError; stack?: string };

export interface WorkerData {
  jobId: string;
  task: TaskRequest;
  store: { data: string; store?: string };
  /** Which engine computes score sets and advocate selections (the server's configuration). */
  engine: EngineConfig;
  /** One Int32 set to 1 by the API thread to cancel; read by the worker even while it computes synchronously. */
  cancelFlag: SharedArrayBuffer;
}
