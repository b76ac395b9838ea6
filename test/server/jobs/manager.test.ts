import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBatches } from '../../../graph/demo/customer-community.ts';
import { createLogger } from '../../../server/app/logger.ts';
import { JobManager, type JobState } from '../../../server/jobs/manager.ts';
import { openStore } from '../../../server/stores/open.ts';

describe('JobManager (real worker threads on an embedded store)', () => {
  let data: string;

  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'sway-jobs-'));
    const store = await openStore({ data });
    await store.importBatches(demoBatches({ people: 300 }), { source: 'demo' });
    await store.close();
  });
  afterAll(() => rmSync(data, { recursive: true, force: true }));

  it('starts a new re-scoring when asked just as the previous one finished, before its worker has exited', async () => {
    // onFinished runs when the job's result arrives, while its worker thread is still exiting: the window in which
    // the finished job used to be handed back as "the re-scoring already under way".
    let askedAtFinish: { finished: JobState; next: JobState } | null = null;
    const manager: JobManager = new JobManager({
      store: { data },
      log: createLogger({ level: 'silent' }),
      onFinished: (finished) => {
        if (askedAtFinish) return;
        askedAtFinish = { finished, next: manager.start({ kind: 'score', params: { seed: 7 } }) };
      },
    });
    try {
      const first = manager.start({ kind: 'score', params: { seed: 42 } });
      const second = await waitFor(manager, () => askedAtFinish?.next.id ?? null);
      const { finished, next } = askedAtFinish!;
      expect(finished.id).toBe(first.id);
      expect(finished.status).toBe('succeeded');
      expect(next.id).not.toBe(first.id);
      expect(next.status).toBe('queued');
      // It runs once the first worker has gone, and completes a version of its own.
      const done = await waitFor(manager, () => {
        const state = manager.get(second);
        return state && ['succeeded', 'failed', 'cancelled'].includes(state.status) ? state : null;
      });
      expect(done.status).toBe('succeeded');
      expect((done.result as { version: number }).version).toBe(
        (manager.get(first.id)!.result as { version: number }).version + 1,
      );
    } finally {
      await manager.shutdown();
    }
  });
});

async function waitFor<T>(manager: JobManager, probe: () => T | null, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for the job manager');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
