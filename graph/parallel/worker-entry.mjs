// Entry point of a parallel pool worker (pool.ts). Like server/jobs/worker-entry.mjs, it registers tsx itself, since
// on Node 20 a worker cannot load .ts files otherwise, then loads its code; a failure to start is reported through the
// shared state word so the thread waiting for it does not wait in vain.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

try {
  register();
  await import('./worker.ts');
} catch (error) {
  console.error('Sway parallel worker failed to start:', error);
  Atomics.store(workerData.state, 0, 2);
  Atomics.notify(workerData.state, 0);
}
