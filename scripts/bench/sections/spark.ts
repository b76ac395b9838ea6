import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { estimateMemory } from '../../../graph/estimate.ts';
import { readSnapshot } from '../../../graph/import/index.ts';
import type { Snapshot } from '../../../graph/snapshot.ts';
import { computeScoresOnSpark, missingSparkTools } from '../../../server/engines/spark/index.ts';
import { openStore } from '../../../server/stores/open.ts';
import { rmatSnapshot } from '../rmat.ts';
import type { BenchContext, BenchSection } from '../section.ts';

const LOCAL_RUN = join(import.meta.dirname, '../local-engine-run.ts');
const SPARK_BUILD = join(import.meta.dirname, '../../../spark/build.sh');

interface Graph {
  name: string;
  /** What the child process builds the same snapshot from. */
  child: { file?: string; kind?: 'trusts'; rmat?: { scale: number; edges: number } };
  snapshot(): Promise<Snapshot>;
  /** Bytes an id costs the local engine (R-MAT graphs have integer ids, held without strings). */
  idBytes?: number;
  driverMemory: string;
}

const MiB = 2 ** 20;

/** The graphs SWAY_BENCH_SPARK_GRAPHS names (comma-separated, matched by the start of their names; default all). */
function graphsWanted(name: string): boolean {
  const wanted = process.env.SWAY_BENCH_SPARK_GRAPHS;
  if (!wanted) return true;
  return wanted.split(',').some((prefix) => name.toLowerCase().startsWith(prefix.trim().toLowerCase()));
}
const seconds = (ms: number) => (ms / 1000).toFixed(ms < 10_000 ? 1 : 0);

/**
 * The Spark engine against the local engine on the same graph in the same run: each family's time, how a Spark run
 * splits between writing the graph, the application (its own loading, the families, writing the scores) and
 * publishing the score set to a store, and `sway estimate`'s memory figure next to the local engine's measured peak
 * RSS (a process of its own). Spark runs in local mode on local[2]: the two cores of this machine, with the cost of
 * scheduling and shuffling that a cluster spreads over many. SWAY_BENCH_SPARK_GRAPHS=epinions runs the first graph
 * only (the R-MAT graph takes the better part of an hour on two cores).
 */
export const sparkSection: BenchSection = {
  id: 'spark',
  title:
    'Spark engine (local[2]) against the local engine: time per family, where a Spark run spends it, memory estimate',
  async run(context: BenchContext) {
    const missing = missingSparkTools();
    if (missing.length > 0) {
      context.log(`skipped: ${missing.join(' and ')} not found (the Spark application needs Java 17 and Maven)`);
      return;
    }
    execFileSync(SPARK_BUILD, { stdio: 'inherit' });
    const options = { options: { structure: { betweennessSamples: 8 } } };
    const epinions = context.dataset('epinions.edgelist');
    if (!epinions) {
      context.log('skipped: epinions.edgelist is not in the datasets folder');
      return;
    }
    const all: Graph[] = [
      {
        name: 'epinions',
        child: { file: epinions, kind: 'trusts' },
        snapshot: () => readSnapshot(epinions, { format: 'edgelist', kind: 'trusts' }),
        driverMemory: '3g',
      },
      {
        name: 'R-MAT 20M',
        child: { rmat: { scale: 22, edges: 20_000_000 } },
        snapshot: async () => rmatSnapshot({ scale: 22, edges: 20_000_000, seed: 1 }),
        idBytes: 0,
        driverMemory: '12g',
      },
    ];
    const graphs = all.filter((graph) => graphsWanted(graph.name));
    context.log('Both engines with the same options (betweenness from 8 sampled sources); every family.');
    for (const graph of graphs) {
      const local = JSON.parse(
        execFileSync(
          process.execPath,
          [
            '--max-old-space-size=16000',
            '--import',
            'tsx',
            LOCAL_RUN,
            JSON.stringify(graph.child),
            JSON.stringify(options),
          ],
          {
            encoding: 'utf8',
            maxBuffer: 16 * MiB,
          },
        ),
      ) as {
        people: number;
        relationships: number;
        durationsMs: Record<string, number>;
        totalMs: number;
        maxRssBytes: number;
      };
      const snapshot = await graph.snapshot();
      context.gc();
      const started = performance.now();
      const set = await computeScoresOnSpark(snapshot, {
        ...options,
        spark: { master: 'local[2]', driverMemory: graph.driverMemory },
      });
      const sparkTotal = performance.now() - started;
      const publish = await publishMs(snapshot, set);
      const details = set.meta.engineDetails as Record<string, number>;
      context.log(
        `\n${graph.name}: ${snapshot.nodeCount.toLocaleString('en-US')} people, ${snapshot.edgeCount.toLocaleString('en-US')} relationships`,
      );
      context.table(
        ['family', 'local (s)', 'Spark (s)', 'Spark / local'],
        [
          ...set.meta.families.map((family) => [
            family,
            seconds(local.durationsMs[family]),
            seconds(set.meta.durationsMs[family]),
            `${(set.meta.durationsMs[family] / Math.max(1, local.durationsMs[family])).toFixed(0)}x`,
          ]),
          [
            'all families',
            seconds(local.totalMs),
            seconds(Object.values(set.meta.durationsMs).reduce((a, b) => a + b, 0)),
            '',
          ],
        ],
      );
      context.table(
        ['Spark run, split', 'seconds', 'share'],
        [
          [
            'write the graph (gzip CSV)',
            seconds(details.writeGraphMs),
            share(details.writeGraphMs, sparkTotal + publish),
          ],
          [
            'Spark: start and load the graph',
            seconds(details.sparkMs - sum(set.meta.durationsMs) - details.applicationWriteMs),
            share(details.sparkMs - sum(set.meta.durationsMs) - details.applicationWriteMs, sparkTotal + publish),
          ],
          [
            'Spark: the families',
            seconds(sum(set.meta.durationsMs)),
            share(sum(set.meta.durationsMs), sparkTotal + publish),
          ],
          [
            'Spark: write the scores',
            seconds(details.applicationWriteMs),
            share(details.applicationWriteMs, sparkTotal + publish),
          ],
          ['read the scores back', seconds(details.readMs), share(details.readMs, sparkTotal + publish)],
          ['publish (SQLite score version)', seconds(publish), share(publish, sparkTotal + publish)],
        ],
      );
      const estimate = estimateMemory(
        { people: local.people, relationships: local.relationships, ratings: 0 },
        { idBytesPerPerson: graph.idBytes },
      );
      context.log(
        `local engine peak RSS ${(local.maxRssBytes / MiB).toFixed(0)} MiB; sway estimate ${(estimate.peak.min / MiB).toFixed(0)} to ` +
          `${(estimate.peak.max / MiB).toFixed(0)} MiB (measured / upper estimate ${(local.maxRssBytes / estimate.peak.max).toFixed(2)})`,
      );
    }
  },
};

const sum = (durations: Record<string, number>) => Object.values(durations).reduce((a, b) => a + b, 0);
const share = (part: number, whole: number) => `${((100 * part) / whole).toFixed(0)}%`;

/** Publishes the set into a new embedded store that holds the same people (relationships are not needed to publish). */
async function publishMs(
  snapshot: Snapshot,
  set: Parameters<Awaited<ReturnType<typeof openStore>>['writeScoreSet']>[0],
): Promise<number> {
  const folder = mkdtempSync(join(tmpdir(), 'sway-bench-spark-'));
  const store = await openStore({ data: folder });
  try {
    const batch = 100_000;
    for (let start = 0; start < snapshot.nodeCount; start += batch) {
      const people = Array.from({ length: Math.min(batch, snapshot.nodeCount - start) }, (_, k) => ({
        id: snapshot.ids.idOf(start + k),
      }));
      await store.upsertPeople(people);
    }
    const started = performance.now();
    await store.writeScoreSet(set);
    return performance.now() - started;
  } finally {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
