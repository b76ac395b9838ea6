import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeScores } from '../../graph/scores/compute.ts';
import type { ScoreSet } from '../../graph/scores/types.ts';
import type { Snapshot } from '../../graph/snapshot.ts';
import { loadGraph } from '../../server/load/graph.ts';
import { openStore } from '../../server/stores/open.ts';
import { datasetPath } from '../datasets.ts';
import { sway } from '../scripts/rescore-suite.ts';
import { sparkReady, TEST_SPARK, TEST_SPARK_FLAGS } from './app.ts';

const ready = sparkReady();

/** Whether a process of this machine still runs with `text` on its command line (the application's work folder). */
function runningWith(text: string): boolean {
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text)) return true;
    } catch {
      // gone meanwhile
    }
  }
  return false;
}

/**
 * End to end, as an operator runs it: `sway rescore --engine spark --spark-master 'local[2]'` on a store holding
 * nethept publishes a score version computed by Spark, which agrees with the local engine's scores of the same graph;
 * a local re-scoring after it reports movers against it; SIGINT stops the Spark application and publishes nothing.
 */
describe.skipIf(!ready)('sway rescore --engine spark', () => {
  const folder = mkdtempSync(join(tmpdir(), 'sway-spark-e2e-'));
  const data = join(folder, 'data');
  const spark = TEST_SPARK_FLAGS;
  let snapshot: Snapshot;
  let local: ScoreSet;

  beforeAll(async () => {
    const imported = await sway([
      'import',
      datasetPath('nethept.edgelist'),
      '--format',
      'edgelist',
      '--kind',
      'influences',
      '--data',
      data,
    ]);
    expect(imported.code, imported.stderr).toBe(0);
    const store = await openStore({ data });
    try {
      snapshot = (await loadGraph(store)).snapshot;
    } finally {
      await store.close();
    }
    local = await computeScores(snapshot);
  }, 600_000);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('publishes a score version computed by Spark that agrees with the local engine', async () => {
    const work = join(folder, 'work');
    const run = await sway(['rescore', '--data', data, '--json', ...spark, '--spark-work', work]);
    expect(run.code, run.stderr.slice(-3000)).toBe(0);
    const summary = JSON.parse(run.stdout) as { version: number; people: number; families: string[] };
    expect(summary.version).toBe(1);
    expect(summary.people).toBe(snapshot.nodeCount);
    expect(run.stderr).toMatch(/Spark: [\d,]+ of [\d,]+ tasks/);
    // The work folder given is kept: the graph Sway wrote and what the application wrote.
    expect(existsSync(join(work, 'graph', 'people'))).toBe(true);

    const store = await openStore({ data });
    try {
      const table = (await store.readScores())!;
      expect(table.version).toBe(1);
      expect(table.meta.engine).toBe('spark');
      expect(table.meta.engineDetails?.master).toBe(TEST_SPARK.master);
      const published = new Map<string, Record<string, number | null>>();
      for await (const row of table.rows) published.set(row.id, row.scores);
      expect(published.size).toBe(snapshot.nodeCount);
      const column = (name: string) =>
        Float64Array.from({ length: snapshot.nodeCount }, (_, i) => published.get(snapshot.ids.idOf(i))![name] ?? NaN);
      let l1 = 0;
      const pagerank = column('pagerank');
      for (let i = 0; i < snapshot.nodeCount; i++) l1 += Math.abs(pagerank[i] - local.columns.pagerank[i]);
      expect(l1).toBeLessThan(1e-6);
      for (const name of ['in_degree', 'out_degree', 'audience', 'reach2', 'core', 'clv']) {
        expect(Array.from(column(name)), name).toEqual(Array.from(local.columns[name]));
      }
      let betweenness = 0;
      const between = column('betweenness');
      for (let i = 0; i < snapshot.nodeCount; i++) betweenness += Math.abs(between[i] - local.columns.betweenness[i]);
      expect(betweenness).toBeLessThan(1e-9);
      expect(Math.abs(Number(table.meta.summary.modularity) - Number(local.meta.summary.modularity))).toBeLessThan(
        0.01,
      );
      // The same fixed point (above); Spark gets there by the power method, the local engine by Gauss-Seidel sweeps.
      expect(table.meta.summary.pagerankConverged).toBe(true);
    } finally {
      await store.close();
    }

    // A local re-scoring afterwards reports the movers against the Spark version, like any other.
    const next = await sway(['rescore', '--data', data, '--json', '--only', 'influence']);
    expect(next.code, next.stderr).toBe(0);
    const after = JSON.parse(next.stdout) as { version: number; previousVersion: number; movers: unknown };
    expect(after).toMatchObject({ version: 2, previousVersion: 1 });
    expect(after.movers).not.toBeNull();
  });

  it('SIGINT stops the Spark application: exit 6, nothing published, no Spark process left', async () => {
    const work = join(folder, 'cancelled');
    const before = await openStore({ data });
    const current = (await before.currentScoreVersion())?.version ?? null;
    await before.close();
    let interrupted = false;
    const run = await sway(
      ['rescore', '--data', data, '--json', ...spark, '--spark-work', work],
      (line, _kill, signal) => {
        // Interrupt once the Spark application runs tasks.
        if (!interrupted && /"phase":"compute".*"detail":"[^"]*Spark: /.test(line)) {
          interrupted = true;
          setTimeout(() => signal('SIGINT'), 500);
        }
      },
    );
    expect(interrupted).toBe(true);
    expect(run.code, run.stderr.slice(-2000)).toBe(6);
    expect(run.stderr).toMatch(/interrupted: nothing was published/);
    expect(runningWith(work)).toBe(false);
    const store = await openStore({ data });
    try {
      expect((await store.currentScoreVersion())?.version ?? null).toBe(current);
    } finally {
      await store.close();
    }
  });
});
