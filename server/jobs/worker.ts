import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../stores/open.ts';
import { sharedCancellation } from './cancel-signal.ts';
import type { JobProgress, WorkerData, WorkerMessage } from './protocol.ts';
import { toJobError } from '../errors.ts';
import { runTask } from './run-task.ts';
import { lowerThreadPriority } from './thread-priority.ts';

/**
 * Entry point of a job worker thread (started by JobManager with tsx as its loader). It opens its own connection to the
 * store, runs one task, reports progress at most every PROGRESS_INTERVAL_MS (and at every phase change), and ends with
 * one "done" or "error" message.
 */
const PROGRESS_INTERVAL_MS = 100;

// Requests before jobs: this thread yields the CPU to the API's thread whenever both want it.
lowerThreadPriority();

const data = workerData as WorkerData;
const post = (message: WorkerMessage) => parentPort!.postMessage(message);
const cancellation = sharedCancellation(data.cancelFlag);

let lastSent = 0;
let lastPhase = '';
function progress(next: JobProgress): void {
  cancellation.poll();
  const now = performance.now();
  if (next.phase === lastPhase && now - lastSent < PROGRESS_INTERVAL_MS) return;
  lastSent = now;
  lastPhase = next.phase;
  post({ type: 'progress', progress: next });
}

try {
  const store = await openStore(data.store);
  try {
    const result = await runTask(store, data.task, {
      jobId: data.jobId,
      signal: cancellation.signal,
      engine: data.engine,
      retention: data.retention,
      progress,
    });
    post({ type: 'done', result });
  } finally {
    await store.close();
  }
} catch (error) {
  const jobError = cancellation.signal.aborted
    ? { code: 'CANCELLED' as const, message: 'the job was cancelled' }
    : toJobError(error);
  post({
    type: 'error',
    error: jobError,
    stack: jobError.code === 'INTERNAL' && error instanceof Error ? error.stack : undefined,
  });
}
