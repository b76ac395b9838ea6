import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBatches } from '../../graph/demo/customer-community.ts';
import { createLogger } from '../../server/app/logger.ts';
import { JobManager, type JobState } from '../../server/jobs/manager.ts';
import { openStore } from '../../server/stores/open.ts';
import { sway } from '../scripts/rescore-suite.ts';
import { sparkReady, TEST_SPARK, TEST_SPARK_FLAGS } from './app.ts';

const ready = sparkReady();

/**
 * The server's jobs on the engine its configuration names (`sway serve --engine spark`): a re-scoring job and an
 * advocate plan run through the same use cases as the CLI (`sway advocates --engine spark` below), on Spark, and say
 * so; the Spark task counts reach the job's progress events.
 */
describe.skipIf(!ready)('jobs on the Spark engine, through configuration', () => {
  let data: string;
  let manager: JobManager;

  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'sway-spark-jobs-'));
    const store = await openStore({ data });
    await store.importBatches(demoBatches({ people: 300 }), { source: 'demo' });
    await store.close();
    manager = new JobManager({
      store: { data },
      log: createLogger({ level: 'silent' }),
      engine: { engine: 'spark', sparkMaster: TEST_SPARK.master, sparkDriverMemory: TEST_SPARK.driverMemory },
    });
  });
  afterAll(async () => {
    await manager?.shutdown();
    rmSync(data, { recursive: true, force: true });
  });

  it('re-scores on Spark, relaying its task counts, and publishes a set that records the engine', async () => {
    const job = manager.start({ kind: 'score', params: { only: ['influence'], seed: 7 } });
    const { state, details } = await finished(manager, job.id);
    expect(state.status, JSON.stringify(state.error)).toBe('succeeded');
    expect(details.some((detail) => /Spark: [\d,]+ of [\d,]+ tasks/.test(detail))).toBe(true);
    const store = await openStore({ data });
    try {
      const table = (await store.readScores())!;
      expect(table.version).toBe((state.result as { version: number }).version);
      expect(table.meta.engine).toBe('spark');
      expect(table.meta.engineDetails?.master).toBe(TEST_SPARK.master);
    } finally {
      await store.close();
    }
  });

  it('plans advocates on Spark, evaluated by Sway', async () => {
    const job = manager.start({ kind: 'advocates', params: { k: 5, evaluationRuns: 200 } });
    const { state } = await finished(manager, job.id);
    expect(state.status, JSON.stringify(state.error)).toBe('succeeded');
    const plan = state.result as { engine: string; advocates: unknown[]; evaluation: { runs: number } };
    expect(plan.engine).toBe('spark');
    expect(plan.advocates).toHaveLength(5);
    expect(plan.evaluation.runs).toBe(200);
  });

  it('sway advocates --engine spark: the same use case from the command line', async () => {
    const run = await sway(['advocates', '--data', data, '--k', '5', '--runs', '200', '--json', ...TEST_SPARK_FLAGS]);
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    const plan = JSON.parse(run.stdout) as { engine: string; advocates: unknown[] };
    expect(plan.engine).toBe('spark');
    expect(plan.advocates).toHaveLength(5);
  });
});

/** Follows a job to its end, keeping the progress details it reported. */
async function finished(manager: JobManager, id: string): Promise<{ state: JobState; details: string[] }> {
  const details: string[] = [];
  for await (const event of manager.events(id)) {
    if (event.job.progress.detail) details.push(event.job.progress.detail);
    if (event.type === 'finished') return { state: event.job, details };
  }
  throw new Error(`job ${id} ended without a finished event`);
}
