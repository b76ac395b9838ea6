import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import louvainModule from 'graphology-communities-louvain';
import { detectCommunities, type CommunityResult } from '../../../graph/algorithms/communities.ts';
import { toGraphology } from '../../../graph/convert.ts';
import { readSnapshot } from '../../../graph/import/index.ts';
import { Random } from '../../../graph/random.ts';
import { findLookalikes, similarity } from '../../../graph/algorithms/similarity.ts';
import type { Snapshot } from '../../../graph/snapshot.ts';
import { rmatSnapshot } from '../rmat.ts';
import { type BenchContext, type BenchSection, median } from '../section.ts';

// CommonJS typed as an ES default export: at run time the default import is the function itself.
const louvainGraphology = louvainModule as unknown as typeof louvainModule.default;

const DATASETS = ['email-eu-core.edgelist', 'facebook.edgelist', 'nethept.edgelist', 'epinions.edgelist'];
const AT_SCALE = { scale: 23, edges: 50_000_000 };

/**
 * Sway's Leiden and Louvain on typed arrays against graphology-communities-louvain on the same undirected weighted
 * graph, same resolution, all seeded: time (graphology's includes building its graph from the snapshot, as a caller
 * pays it) and the modularity each reaches, on the real networks and an R-MAT graph of 5 million edges; then Leiden
 * and Louvain each in a process of its own on the R-MAT graph of 50 million edges, for time and peak memory.
 */
export const communitiesSection: BenchSection = {
  id: 'communities',
  title: "Communities: Sway's Leiden and Louvain on typed arrays against graphology-communities-louvain",
  async run(context) {
    const graphs: Array<{ name: string; snapshot: Snapshot }> = [];
    for (const name of DATASETS) {
      const path = context.dataset(name);
      if (path) graphs.push({ name, snapshot: await readSnapshot(path, { format: 'edgelist' }) });
      else context.log(`skipped ${name}: not found`);
    }
    graphs.push({ name: 'R-MAT 5M', snapshot: rmatSnapshot({ scale: 20, edges: 5_000_000, seed: 1 }) });
    const rows: Array<Array<string | number>> = [];
    for (const { name, snapshot } of graphs) {
      const leiden = timed(context, () => detectCommunities(snapshot, { method: 'leiden', seed: 1 }));
      const louvain = timed(context, () => detectCommunities(snapshot, { method: 'louvain', seed: 1 }));
      const baseline = timed(context, () => {
        const graph = toGraphology(snapshot, { type: 'undirected' });
        return louvainGraphology.detailed(graph, {
          resolution: 1,
          rng: new Random(1).asFunction(),
          getEdgeWeight: 'weight',
        });
      });
      rows.push([
        name,
        snapshot.edgeCount,
        Math.round(leiden.ms),
        Math.round(louvain.ms),
        Math.round(baseline.ms),
        `${(baseline.ms / leiden.ms).toFixed(1)}x / ${(baseline.ms / louvain.ms).toFixed(1)}x faster`,
        leiden.result.modularity.toFixed(4),
        louvain.result.modularity.toFixed(4),
        baseline.result.modularity.toFixed(4),
        `${leiden.result.count} / ${louvain.result.count} / ${baseline.result.count}`,
      ]);
    }
    context.table(
      [
        'graph',
        'edges',
        'Leiden ms',
        'Louvain ms',
        'graphology ms',
        'graphology / Sway',
        'Leiden Q',
        'Louvain Q',
        'graphology Q',
        'communities',
      ],
      rows,
    );

    const epinions = graphs.find((g) => g.name === 'epinions.edgelist');
    if (epinions) lookalikes(context, epinions.snapshot);

    const scaleRows: Array<Array<string | number>> = [];
    for (const method of ['leiden', 'louvain']) {
      const run = await atScale(method);
      scaleRows.push([
        method,
        run.edges,
        run.seconds.toFixed(1),
        run.cpuSeconds.toFixed(1),
        run.modularity.toFixed(4),
        run.communities,
        run.rssBeforeGiB.toFixed(2),
        run.peakRssGiB.toFixed(2),
      ]);
    }
    context.table(
      [
        'R-MAT 50M, own process',
        'edges',
        'seconds',
        'CPU seconds',
        'modularity',
        'communities',
        'RSS GiB holding the graph',
        'peak RSS GiB',
      ],
      scaleRows,
    );
  },
};

/**
 * Lookalikes on epinions: one person's top 10 by the two-hop walk, for 500 people drawn at random and for the 20
 * people with the most relationships, against the direct way for one person (their similarity to each of the 75,879
 * others by intersecting sorted neighbour lists), measured for the 5 largest hubs.
 */
function lookalikes(context: BenchContext, snapshot: Snapshot): void {
  const random = new Random(3);
  const hubs = Array.from({ length: snapshot.nodeCount }, (_, i) => i)
    .sort(
      (a, b) => snapshot.outDegree(b) + snapshot.inDegree(b) - snapshot.outDegree(a) - snapshot.inDegree(a) || a - b,
    )
    .slice(0, 20);
  const drawn = Array.from({ length: 500 }, () => random.nextInt(snapshot.nodeCount));
  findLookalikes(snapshot, [0]);
  const time = (people: number[], run: (u: number) => void) =>
    people
      .map((u) => {
        const started = performance.now();
        run(u);
        return performance.now() - started;
      })
      .sort((a, b) => a - b);
  const rows: Array<Array<string | number>> = [];
  for (const measure of ['jaccard', 'adamic-adar'] as const) {
    const random500 = time(drawn, (u) => findLookalikes(snapshot, [u], { measure }));
    const hub20 = time(hubs, (u) => findLookalikes(snapshot, [u], { measure }));
    const direct = time(hubs.slice(0, 5), (u) => {
      for (let v = 0; v < snapshot.nodeCount; v++) if (v !== u) similarity(snapshot, u, v, { measure });
    });
    rows.push([
      measure,
      median(random500).toFixed(2),
      random500.at(-1)!.toFixed(1),
      median(hub20).toFixed(1),
      hub20.at(-1)!.toFixed(1),
      median(direct).toFixed(0),
      `${(median(direct) / median(hub20)).toFixed(0)}x faster`,
    ]);
  }
  context.table(
    [
      'lookalikes, epinions, top 10',
      'ms median (500 random)',
      'ms max',
      'ms median (20 hubs)',
      'ms max',
      'direct one-vs-all ms (5 hubs)',
      'ratio (hubs)',
    ],
    rows,
  );
}

function timed<T extends CommunityResult | { modularity: number; count: number }>(
  context: BenchContext,
  run: () => T,
): { ms: number; result: T } {
  context.gc();
  const started = performance.now();
  const result = run();
  return { ms: performance.now() - started, result };
}

interface ScaleRun {
  edges: number;
  seconds: number;
  cpuSeconds: number;
  modularity: number;
  communities: number;
  peakRssGiB: number;
  rssBeforeGiB: number;
}

async function atScale(method: string): Promise<ScaleRun> {
  const script = join(import.meta.dirname, '..', 'communities-at-scale.ts');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--expose-gc',
      '--max-old-space-size=20000',
      '--import',
      'tsx',
      script,
      method,
      String(AT_SCALE.scale),
      String(AT_SCALE.edges),
    ],
    { maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as ScaleRun;
}
