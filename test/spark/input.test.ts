import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readSnapshot } from '../../graph/import/index.ts';
import { computeScores } from '../../graph/scores/compute.ts';
import { computeScoresOnSpark } from '../../server/engines/spark/index.ts';
import { datasetPath } from '../datasets.ts';
import { sparkReady, TEST_SPARK } from './app.ts';

const ready = sparkReady();

/**
 * A graph already on the cluster (--spark-input), written by someone else in the documented format: people named by
 * id (quoted, one with a comma and a quote in it), relationships with a repeated pair and a self-loop that the
 * application drops. Sway writes nothing and reads the ids back with the scores.
 */
describe.skipIf(!ready)('Spark engine: a graph already written (--spark-input)', () => {
  const folder = mkdtempSync(join(tmpdir(), 'sway-spark-input-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('scores it, reads the ids back, and agrees with the local engine on the same graph', async () => {
    const snapshot = await readSnapshot(datasetPath('email-eu-core.edgelist'), { format: 'edgelist' });
    const n = snapshot.nodeCount;
    // Person i of the file is snapshot person n - 1 - i, with an id of its own.
    const idOf = (v: number) => (v === 0 ? 'Ann "A", Sales' : `person-${snapshot.ids.idOf(v)}`);
    const fileIndex = (v: number) => n - 1 - v;
    const people = ['index,id,clv,sentiment,customer'];
    for (let i = 0; i < n; i++) people.push(`${i},"${idOf(n - 1 - i).replaceAll('"', '""')}",,,`);
    const relationships = ['source,target,weight,rating'];
    for (let s = 0; s < n; s++) {
      for (let e = snapshot.outOffsets[s]; e < snapshot.outOffsets[s + 1]; e++)
        relationships.push(`${fileIndex(s)},${fileIndex(snapshot.outTargets[e])},,`);
    }
    relationships.push(`${fileIndex(0)},${fileIndex(snapshot.outTargets[0])},,`, `${fileIndex(5)},${fileIndex(5)},,`);
    mkdirSync(join(folder, 'graph', 'people'), { recursive: true });
    mkdirSync(join(folder, 'graph', 'relationships'), { recursive: true });
    writeFileSync(join(folder, 'graph', 'people', 'part-0.csv.gz'), gzipSync(`${people.join('\n')}\n`));
    writeFileSync(join(folder, 'graph', 'relationships', 'part-0.csv'), `${relationships.join('\n')}\n`);

    const options = { only: ['influence', 'reach'] };
    const spark = await computeScoresOnSpark(null, {
      ...options,
      spark: { ...TEST_SPARK, input: join(folder, 'graph'), work: join(folder, 'work') },
    });
    const local = await computeScores(snapshot, options);
    expect(spark.ids).toHaveLength(n);
    expect(spark.meta.engineDetails?.relationships).toBe(snapshot.edgeCount);
    const row = new Map(Array.from(spark.ids, (id, i) => [id, i]));
    let l1 = 0;
    for (let v = 0; v < n; v++) {
      const i = row.get(idOf(v))!;
      expect(i).toBe(fileIndex(v));
      l1 += Math.abs(spark.columns.pagerank[i] - local.columns.pagerank[v]);
      expect(spark.columns.audience[i]).toBe(local.columns.audience[v]);
      expect(spark.columns.reach2[i]).toBe(local.columns.reach2[v]);
    }
    expect(l1).toBeLessThan(1e-6);
  });
});
