import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { NotFoundError } from '../../graph/errors.ts';
import { requestCancel } from './cancel-signal.ts';
import type { JobError } from '../errors.ts';
import type { EngineChoice } from '../usecases/engine-choice.ts';
import type { RetentionChoice } from '../usecases/options.ts';
import type { JobKind, JobProgress, TaskRequest, WorkerData, WorkerMessage } from './protocol.ts';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** A job as the API shows it. */
export interface JobState {
  id: string;
  kind: JobKind;
  status: JobStatus;
  progress: JobProgress;
  result: unknown;
  error: JobError | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** True when the result was computed earlier for the same score version and options, and reused. */
  cached: boolean;
}

export type JobEvent = { type: 'progress'; job: JobState } | { type: 'finished'; job: JobState };

export interface JobManagerOptions {
  /** How the workers open the store (each opens its own connection). */
  store: { data: string; store?: string };
  log: Logger;
  /** Read-only jobs (advocate plans) allowed to run at once; more wait in line. Default 1 (the machine's cores). */
  maxReaders?: number;
  /** How long a cancelled worker may take to stop at a safe point before it is terminated. Default 10 s. */
  cancelGraceMs?: number;
  /** Finished jobs kept for jobs.get. Default 200. */
  keepFinished?: number;
  /** Which engine re-scorings and advocate plans use, and its settings (sway serve --engine). Default the local one. */
  engine?: EngineChoice;
  /** Which score versions re-scorings keep (sway serve --keep-versions --keep-days). Default RETENTION_DEFAULTS. */
  retention?: RetentionChoice;
  /**
   * Called when a job has succeeded, before anyone is told: a job is reported finished once what it published is what
   * requests see (the API loads the new score version first), so a client that waited for it reads its result.
   */
  beforeSucceeded?: (job: JobState) => Promise<void>;
  /** Called when a job ends, once it is reported. */
  onFinished?: (job: JobState) => void;
}

interface JobRecord {
  state: JobState;
  task: TaskRequest | null;
  worker: Worker | null;
  cancelFlag: SharedArrayBuffer;
  cancelRequested: boolean;
  events: EventEmitter;
  cleanup?: () => void;
  /** Succeeded, and waiting for beforeSucceeded before it is reported. */
  settling?: boolean;
  /** Who started the job (an API token's public id), for the per-token cap; never shown. */
  owner?: string;
}

const WORKER_URL = new URL('./worker-entry.mjs', import.meta.url);

/** Score and import jobs write the store and re-score: they run one at a time, in order. */
const isWriter = (kind: JobKind) => kind === 'score' || kind === 'import';

/**
 * Runs long work off the request path, each job in its own worker thread: progress, cancellation, and results cached by
 * a key the caller derives from the score version and options. Re-scorings never overlap: a second request while one is
 * queued or running gets the same job.
 */
export class JobManager {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly cache = new Map<string, string>();
  private readonly writers: JobRecord[] = [];
  private readonly readers: JobRecord[] = [];
  private runningWriter: JobRecord | null = null;
  private runningReaders = 0;
  private closed = false;
  private readonly maxReaders: number;
  private readonly cancelGraceMs: number;
  private readonly keepFinished: number;

  constructor(private readonly options: JobManagerOptions) {
    this.maxReaders = options.maxReaders ?? 1;
    this.cancelGraceMs = options.cancelGraceMs ?? 10_000;
    this.keepFinished = options.keepFinished ?? 200;
  }

  /**
   * Queues a task. With a `cacheKey` whose earlier job succeeded, that job is returned (marked cached) instead.
   * `cleanup` runs once the job has ended, whatever the outcome (e.g. removing an uploaded file).
   */
  start(task: TaskRequest, options: { cacheKey?: string; cleanup?: () => void; owner?: string } = {}): JobState {
    if (this.closed) throw new Error('the job manager is shut down');
    const cached = options.cacheKey ? this.cachedResult(options.cacheKey) : null;
    if (cached) {
      options.cleanup?.();
      return cached;
    }
    if (task.kind === 'score') {
      // A writer that has finished but whose worker has not exited yet is still `runningWriter`: not pending.
      const pending = [this.runningWriter, ...this.writers].find(
        (r) => r && r.state.kind === 'score' && !r.cancelRequested && !isFinished(r.state.status),
      );
      if (pending) return { ...pending.state };
    }
    const record = this.newRecord(task.kind, task);
    record.cleanup = options.cleanup;
    record.owner = options.owner;
    if (options.cacheKey) record.events.once('succeeded', () => this.cache.set(options.cacheKey!, record.state.id));
    (isWriter(task.kind) ? this.writers : this.readers).push(record);
    this.pump();
    return { ...record.state };
  }

  /** Records work that needed no computation (the result is already current) as a finished, cached job. */
  completed(kind: JobKind, result: unknown): JobState {
    const record = this.newRecord(kind, null);
    const now = new Date().toISOString();
    Object.assign(record.state, { status: 'succeeded', result, startedAt: now, finishedAt: now, cached: true });
    record.state.progress = { fraction: 1, phase: 'done' };
    this.trim();
    return { ...record.state };
  }

  get(id: string): JobState | null {
    const record = this.jobs.get(id);
    return record ? { ...record.state } : null;
  }

  /** Cancels a queued or running job; a finished job is returned as it is. */
  cancel(id: string): JobState {
    const record = this.jobs.get(id);
    if (!record) throw new NotFoundError(`no job "${id}"`);
    if (record.state.status === 'queued') {
      for (const line of [this.writers, this.readers]) {
        const at = line.indexOf(record);
        if (at >= 0) line.splice(at, 1);
      }
      this.finish(record, 'cancelled', null, { code: 'CANCELLED', message: 'the job was cancelled' });
    } else if (record.state.status === 'running' && !record.cancelRequested) {
      record.cancelRequested = true;
      requestCancel(record.cancelFlag);
      record.state.progress = { ...record.state.progress, detail: 'cancelling' };
      this.emit(record, 'progress');
      // A worker that does not reach a safe point in time is stopped; the store's transactions keep its data whole.
      const timer = setTimeout(() => void record.worker?.terminate(), this.cancelGraceMs);
      timer.unref();
      record.events.once('finished', () => clearTimeout(timer));
    }
    return { ...record.state };
  }

  /** The job's current state, then every change, ending with its final state. */
  async *events(id: string, signal?: AbortSignal): AsyncGenerator<JobEvent> {
    const record = this.jobs.get(id);
    if (!record) throw new NotFoundError(`no job "${id}"`);
    if (isFinished(record.state.status)) {
      yield { type: 'finished', job: { ...record.state } };
      return;
    }
    const pending: JobEvent[] = [];
    let wake: (() => void) | null = null;
    const listener = (event: JobEvent) => {
      pending.push(event);
      wake?.();
    };
    const onAbort = () => wake?.();
    record.events.on('event', listener);
    signal?.addEventListener('abort', onAbort);
    try {
      yield { type: 'progress', job: { ...record.state } };
      while (!signal?.aborted) {
        if (pending.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        while (pending.length > 0) {
          const event = pending.shift()!;
          yield event;
          if (event.type === 'finished') return;
        }
      }
    } finally {
      record.events.off('event', listener);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Jobs queued or running, of one kind or all. */
  active(kind?: JobKind): JobState[] {
    return [...this.jobs.values()]
      .filter((r) => !isFinished(r.state.status) && (kind === undefined || r.state.kind === kind))
      .map((r) => ({ ...r.state }));
  }

  /**
   * Right to erasure: finished jobs whose results name the person (advocate plans list ids) are forgotten, cached
   * results with them. Returns how many were.
   */
  forgetResultsMentioning(id: string): number {
    const needle = JSON.stringify(id);
    let forgotten = 0;
    for (const [jobId, record] of this.jobs) {
      if (!isFinished(record.state.status) || record.state.result === null) continue;
      if (!JSON.stringify(record.state.result).includes(needle)) continue;
      this.jobs.delete(jobId);
      forgotten++;
    }
    for (const [key, jobId] of this.cache) if (!this.jobs.has(jobId)) this.cache.delete(key);
    return forgotten;
  }

  /** Cancels everything and waits for the workers to stop (server shutdown). */
  async shutdown(): Promise<void> {
    this.closed = true;
    const running = [...this.jobs.values()].filter((r) => !isFinished(r.state.status));
    const stopped = running.map(
      (r) =>
        new Promise<void>((resolve) =>
          isFinished(r.state.status) ? resolve() : r.events.once('finished', () => resolve()),
        ),
    );
    for (const record of running) this.cancel(record.state.id);
    await Promise.all(stopped);
  }

  /** How many jobs one owner has queued or running. */
  activeCount(owner: string): number {
    let count = 0;
    for (const record of this.jobs.values()) if (record.owner === owner && !isFinished(record.state.status)) count++;
    return count;
  }

  /** The earlier successful job for a cache key, marked cached, or null. */
  cachedResult(key: string): JobState | null {
    const id = this.cache.get(key);
    const record = id ? this.jobs.get(id) : undefined;
    if (!record || record.state.status !== 'succeeded') {
      this.cache.delete(key);
      return null;
    }
    return { ...record.state, cached: true };
  }

  private newRecord(kind: JobKind, task: TaskRequest | null): JobRecord {
    const record: JobRecord = {
      state: {
        id: randomUUID(),
        kind,
        status: 'queued',
        progress: { fraction: 0, phase: 'queued' },
        result: null,
        error: null,
        createdAt: new Date().toISOString(),
        startedAt: null,
        finishedAt: null,
        cached: false,
      },
      task,
      worker: null,
      cancelFlag: new SharedArrayBuffer(4),
      cancelRequested: false,
      events: new EventEmitter(),
    };
    record.events.setMaxListeners(0);
    this.jobs.set(record.state.id, record);
    return record;
  }

  private pump(): void {
    if (this.closed) return;
    if (!this.runningWriter && this.writers.length > 0) {
      this.runningWriter = this.writers.shift()!;
      this.run(this.runningWriter);
    }
    while (this.runningReaders < this.maxReaders && this.readers.length > 0) {
      this.runningReaders++;
      this.run(this.readers.shift()!);
    }
  }

  private run(record: JobRecord): void {
    const data: WorkerData = {
      jobId: record.state.id,
      task: record.task!,
      store: this.options.store,
      engine: this.options.engine ?? {},
      retention: this.options.retention ?? {},
      cancelFlag: record.cancelFlag,
    };
    record.state.status = 'running';
    record.state.startedAt = new Date().toISOString();
    record.state.progress = { fraction: 0, phase: 'starting' };
    this.emit(record, 'progress');
    const worker = new Worker(WORKER_URL, { workerData: data });
    record.worker = worker;
    let ended = false;
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') {
        record.state.progress = record.cancelRequested
          ? { ...message.progress, detail: 'cancelling' }
          : message.progress;
        this.emit(record, 'progress');
      } else if (message.type === 'done') {
        ended = true;
        this.finish(record, 'succeeded', message.result, null);
      } else {
        ended = true;
        if (message.error.code === 'INTERNAL') {
          this.options.log.error({ job: record.state.kind, stack: message.stack }, 'job failed');
        }
        this.finish(record, message.error.code === 'CANCELLED' ? 'cancelled' : 'failed', null, message.error);
      }
    });
    worker.on('error', (error) => {
      this.options.log.error({ job: record.state.kind, stack: error.stack }, 'job worker crashed');
    });
    worker.on('exit', () => {
      record.worker = null;
      if (!ended) {
        if (record.cancelRequested)
          this.finish(record, 'cancelled', null, { code: 'CANCELLED', message: 'the job was cancelled' });
        else this.finish(record, 'failed', null, { code: 'INTERNAL', message: 'the job stopped unexpectedly' });
      }
      if (this.runningWriter === record) this.runningWriter = null;
      else this.runningReaders--;
      this.pump();
    });
  }

  private finish(record: JobRecord, status: JobStatus, result: unknown, error: JobError | null): void {
    if (isFinished(record.state.status) || record.settling) return;
    const before = status === 'succeeded' ? this.options.beforeSucceeded : undefined;
    if (!before) {
      this.settle(record, status, result, error);
      return;
    }
    record.settling = true;
    before({ ...record.state, status, result })
      .catch((hookError: unknown) =>
        this.options.log.error({ job: record.state.kind, err: (hookError as Error).name }, 'job publishing failed'),
      )
      .finally(() => {
        record.settling = false;
        this.settle(record, status, result, error);
      });
  }

  private settle(record: JobRecord, status: JobStatus, result: unknown, error: JobError | null): void {
    Object.assign(record.state, { status, result, error, finishedAt: new Date().toISOString() });
    if (status === 'succeeded') record.state.progress = { fraction: 1, phase: 'done' };
    try {
      record.cleanup?.();
    } catch (cleanupError) {
      this.options.log.warn({ job: record.state.kind, err: (cleanupError as Error).name }, 'job cleanup failed');
    }
    this.options.log.info({ job: record.state.kind, status }, 'job finished');
    if (status === 'succeeded') record.events.emit('succeeded');
    this.emit(record, 'finished');
    record.events.emit('finished');
    this.options.onFinished?.({ ...record.state });
    this.trim();
  }

  private emit(record: JobRecord, type: JobEvent['type']): void {
    record.events.emit('event', { type, job: { ...record.state } } satisfies JobEvent);
  }

  /** Forgets the oldest finished jobs beyond `keepFinished`. */
  private trim(): void {
    const finished = [...this.jobs.values()].filter((r) => isFinished(r.state.status));
    for (const record of finished.slice(0, Math.max(0, finished.length - this.keepFinished)))
      this.jobs.delete(record.state.id);
  }
}

function isFinished(status: JobStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled';
}
