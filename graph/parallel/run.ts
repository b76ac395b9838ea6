import { receiveMessageOnPort } from 'node:worker_threads';
import { SwayError, throwIfAborted, type SwayErrorCode } from '../errors.ts';
import { acquireWorkers } from './pool.ts';
import { sharedArray } from './shared.ts';
import type { ParallelTask } from './task.ts';

export interface ChunkJob<C extends object, S, P, R> {
  task: ParallelTask<C, S, P, R>;
  /** Plain values and typed arrays in shared memory: posted to each worker by handle. */
  context: C;
  params: P;
  chunks: number;
  /** Threads working, the calling thread included; 1 runs every chunk here, in order. */
  threads: number;
  signal?: AbortSignal;
  /** Each chunk's result, in chunk order whatever thread computed it. */
  onResult: (result: R, chunk: number) => void;
}

/** A job message as a worker receives it (worker.ts). */
export interface JobMessage {
  jobId: number;
  task: string;
  contextId: number;
  context: object;
  params: unknown;
  chunks: number;
  /** [0] next chunk to claim, [1] chunks finished by workers. */
  control: Int32Array;
}

/** A worker's answer for one chunk. */
export interface ChunkMessage {
  jobId: number;
  chunk: number;
  result?: unknown;
  error?: { message: string; code?: SwayErrorCode };
}

const contextIds = new WeakMap<object, number>();
const localStates = new WeakMap<object, Map<string, unknown>>();
let nextContextId = 1;
let nextJobId = 1;

function contextId(context: object): number {
  let id = contextIds.get(context);
  if (id === undefined) {
    id = nextContextId++;
    contextIds.set(context, id);
  }
  return id;
}

function localState<C extends object, S>(task: ParallelTask<C, S, unknown, unknown>, context: C): S {
  let states = localStates.get(context);
  if (!states) {
    states = new Map();
    localStates.set(context, states);
  }
  if (!states.has(task.name)) states.set(task.name, task.prepare(context));
  return states.get(task.name) as S;
}

/**
 * Runs a job's chunks on `threads` threads: the calling thread and threads - 1 pool workers claim chunk numbers from a
 * shared counter, so a busy core simply takes fewer. Results are handed to `onResult` in chunk order (those that arrive
 * early wait), so any reduction the caller does is the same sequence of operations whatever the thread count.
 * Synchronous: the calling thread blocks (Atomics.wait) only once it has no chunk left to claim.
 */
export function runChunks<C extends object, S, P, R>(job: ChunkJob<C, S, P, R>): void {
  const { task, context, params, chunks, signal, onResult } = job;
  const threads = Math.max(1, Math.min(job.threads, chunks));
  const local = localState(task, context);
  if (threads === 1) {
    for (let chunk = 0; chunk < chunks; chunk++) {
      throwIfAborted(signal);
      onResult(task.run(local, params, chunk), chunk);
    }
    return;
  }

  const workers = acquireWorkers(threads - 1);
  const control = sharedArray(Int32Array, 2);
  const jobId = nextJobId++;
  const message: JobMessage = {
    jobId,
    task: task.name,
    contextId: contextId(context),
    context,
    params,
    chunks,
    control,
  };
  for (const w of workers) w.port.postMessage(message);

  const pending = new Map<number, R>();
  let next = 0;
  const stop = () => Atomics.store(control, 0, chunks);
  const fold = () => {
    while (pending.has(next)) {
      const result = pending.get(next)!;
      pending.delete(next);
      onResult(result, next);
      next++;
    }
  };
  const drain = () => {
    for (const w of workers) {
      for (let received = receiveMessageOnPort(w.port); received; received = receiveMessageOnPort(w.port)) {
        const answer = received.message as ChunkMessage;
        if (answer.jobId !== jobId) continue; // a chunk of an earlier job that was stopped
        if (answer.error) {
          stop();
          throw answer.error.code
            ? new SwayError(answer.error.code, answer.error.message)
            : new Error(answer.error.message);
        }
        pending.set(answer.chunk, answer.result as R);
      }
    }
  };

  try {
    for (;;) {
      throwIfAborted(signal);
      const chunk = Atomics.add(control, 0, 1);
      if (chunk >= chunks) break;
      pending.set(chunk, task.run(local, params, chunk));
      drain();
      fold();
    }
    while (next < chunks) {
      const finished = Atomics.load(control, 1);
      drain();
      fold();
      if (next >= chunks) break;
      throwIfAborted(signal);
      Atomics.wait(control, 1, finished, 200);
    }
  } catch (error) {
    stop();
    throw error;
  }
}
