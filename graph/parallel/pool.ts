import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';

/**
 * The worker threads of this thread's parallel jobs, started on first use and kept for the life of the process
 * (unreferenced: an idle pool never keeps the process alive). Each worker is told its jobs and returns its chunk
 * results on a MessagePort of its own, which the calling thread reads synchronously (receiveMessageOnPort): parallel
 * families keep their synchronous signatures, and the calling thread computes chunks too while it waits.
 *
 * Sway runs TypeScript through tsx with no build step: a worker registers tsx itself before loading its code, as
 * server/jobs/worker-entry.mjs explains; the same entry works under vitest.
 */
export interface PoolWorker {
  readonly worker: Worker;
  /** Jobs go out and results come back on this port. */
  readonly port: MessagePort;
  /** [0]: 0 starting, 1 ready, 2 failed to start. */
  readonly state: Int32Array;
}

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);
/** Starting a worker compiles the algorithms it may run (cached by tsx after the first time). */
const START_TIMEOUT_MS = 120_000;

const workers: PoolWorker[] = [];

function start(): PoolWorker {
  const { port1, port2 } = new MessageChannel();
  const state = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(ENTRY, { workerData: { port: port2, state }, transferList: [port2] });
  worker.unref();
  return { worker, port: port1, state };
}

/**
 * The workers among the first `count` that are ready, starting the missing ones. Never waits: a job starts at once on
 * the calling thread and the workers that are ready, and since results do not depend on who computes which chunk, a
 * worker still starting (the first time, it loads the algorithms through tsx) simply joins a later job.
 */
export function acquireWorkers(count: number): PoolWorker[] {
  startWorkers(count);
  return workers.slice(0, count).filter((w) => Atomics.load(w.state, 0) === 1);
}

/**
 * Starts workers up to `count` without waiting for them: a command calls it before it loads its graph (about 0.2 s to
 * start a worker, mostly tsx's loader), so that they are ready when the computation begins instead of joining only its
 * later jobs.
 */
export function startWorkers(count: number): void {
  while (workers.length < count) workers.push(start());
}

/** startWorkers for a job on `threads` threads: the calling thread computes too, so threads - 1 workers. */
export function startWorkersFor(threads: number): void {
  startWorkers(threads - 1);
}

/** Resolves once the first `count` workers are ready (tests, benchmarks: so that timed jobs use every thread). */
export async function whenWorkersReady(count: number): Promise<void> {
  startWorkers(count);
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (const w of workers.slice(0, count)) {
    while (Atomics.load(w.state, 0) === 0) {
      if (Date.now() > deadline) throw new Error('parallel: a worker thread did not start within 120 s');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    if (Atomics.load(w.state, 0) !== 1)
      throw new Error('parallel: a worker thread failed to start (see its error output)');
  }
}

/** Number of workers started so far (tests, diagnostics). */
export function poolSize(): number {
  return workers.length;
}
