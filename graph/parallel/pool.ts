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
 * `count` ready workers, starting the missing ones (in parallel) and waiting for them. Blocks the calling thread:
 * Atomics.wait is allowed on Node's main thread, and the workers start on threads of their own.
 */
export function acquireWorkers(count: number): PoolWorker[] {
  while (workers.length < count) workers.push(start());
  const chosen = workers.slice(0, count);
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (const w of chosen) {
    while (Atomics.load(w.state, 0) === 0) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('parallel: a worker thread did not start within 120 s');
      Atomics.wait(w.state, 0, 0, Math.min(left, 1000));
    }
    if (Atomics.load(w.state, 0) !== 1) throw new Error('parallel: a worker thread failed to start (see its error output)');
  }
  return chosen;
}

/** Number of workers started so far (tests, diagnostics). */
export function poolSize(): number {
  return workers.length;
}
