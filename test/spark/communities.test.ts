import { describe, expect, it } from 'vitest';
import { normalizedMutualInformation } from '../../graph/algorithms/partition-agreement.ts';
import { readSnapshot } from '../../graph/import/index.ts';
import { computeScores } from '../../graph/scores/compute.ts';
import { computeScoresOnSpark } from '../../server/engines/spark/index.ts';
import { datasetPath, readDatasetText } from '../datasets.ts';
import { sparkReady, TEST_SPARK } from './app.ts';

const ready = sparkReady();

/**
 * Louvain on Spark (synchronous local moving, see spark/.../Louvain.scala) against the local engine's sequential
 * Louvain: modularity within 0.01, and the agreement of the two partitions (NMI) reported, with each one's NMI against
 * email-eu-core's 42 departments.
 */
describe.skipIf(!ready)('Spark engine: communities', () => {
  for (const [file, kind] of [
    ['email-eu-core.edgelist', 'influences'],
    ['facebook.edgelist', 'influences'],
  ] as const) {
    it(`${file}: modularity within 0.01 of the local engine's`, async () => {
      const snapshot = await readSnapshot(datasetPath(file), {
        format: 'edgelist',
        kind,
        undirected: file.startsWith('facebook'),
      });
      const local = await computeScores(snapshot, { only: ['communities'] });
      const spark = await computeScoresOnSpark(snapshot, { only: ['communities'], spark: TEST_SPARK });
      const localQ = Number(local.meta.summary.modularity);
      const sparkQ = Number(spark.meta.summary.modularity);
      const agreement = normalizedMutualInformation(local.columns.community, spark.columns.community);
      let report =
        `${file}: modularity local ${localQ.toFixed(4)} (${local.meta.summary.communities} communities), ` +
        `Spark ${sparkQ.toFixed(4)} (${spark.meta.summary.communities}); NMI between the partitions ${agreement.toFixed(3)}`;
      if (file.startsWith('email')) {
        const truth = new Map<string, number>();
        for (const line of readDatasetText('email-eu-core-departments.tsv').split('\n')) {
          const [id, department] = line.trim().split(/\s+/);
          if (id && !id.startsWith('#')) truth.set(id, Number(department));
        }
        const ids = Array.from({ length: snapshot.nodeCount }, (_, i) => snapshot.ids.idOf(i));
        const departments = ids.map((id) => truth.get(id)!);
        report +=
          `; NMI against the departments: local ${normalizedMutualInformation(departments, local.columns.community).toFixed(3)}, ` +
          `Spark ${normalizedMutualInformation(departments, spark.columns.community).toFixed(3)}`;
      }
      console.log(report);
      expect(Math.abs(sparkQ - localQ)).toBeLessThan(0.01);
      expect(String(spark.meta.summary.communityMethod)).toMatch(/synchronous local moving/);
      // The partitions are found differently but describe the same structure.
      expect(agreement).toBeGreaterThan(0.5);
    }, 1_200_000);
  }
});
