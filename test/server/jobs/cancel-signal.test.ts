import { describe, expect, it } from 'vitest';
import { CancelledError, throwIfAborted } from '../../../graph/errors.ts';
import { requestCancel, sharedCancellation } from '../../../server/jobs/cancel-signal.ts';

describe('cancellation through shared memory', () => {
  it('is seen by throwIfAborted at once, without the event loop turning', () => {
    const buffer = new SharedArrayBuffer(4);
    const { signal, poll } = sharedCancellation(buffer);
    let fired = 0;
    signal.addEventListener('abort', () => fired++);
    expect(() => throwIfAborted(signal)).not.toThrow();
    requestCancel(buffer);
    // Synchronously, as inside a long loop: the shared flag is read by the `aborted` getter.
    expect(signal.aborted).toBe(true);
    expect(() => throwIfAborted(signal)).toThrow(CancelledError);
    expect(fired).toBe(0);
    expect(poll()).toBe(true);
    expect(fired).toBe(1);
    poll();
    expect(fired).toBe(1);
  });

  it('is set from another thread', async () => {
    const { Worker } = await import('node:worker_threads');
    const buffer = new SharedArrayBuffer(4);
    const { signal } = sharedCancellation(buffer);
    const worker = new Worker(
      'const { workerData } = require("node:worker_threads"); Atomics.store(new Int32Array(workerData), 0, 1);',
      {
        eval: true,
        workerData: buffer,
      },
    );
    await new Promise((resolve) => worker.once('exit', resolve));
    expect(signal.aborted).toBe(true);
  });
});
