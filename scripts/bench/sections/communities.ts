import { existsSync } from 'node:fs';
import { join } from 'node:path';
import louvainModule from 'graphology-communities-louvain';
import { detectCommunities } from '../../../graph/algorithms/communities.ts';
import { toGraphology } from '../../../graph/convert.ts';
import { readSnapshot } from '../../../graph/import/index.ts';
import { Random } from '../../../graph/random.ts';
import type { Snapshot } from '../../../graph/snapshot.ts';
import { rmatSnapshot } from '../rmat.ts';
import type { BenchSection } from '../section.ts';

// CommonJS typed as an ES default export: at run time the default import is the function itself.
const louvainGraphology = louvainModule as unknown as typeof louvainModule.default;

const DATASETS = ['email-eu-core.edgelist', 'facebook.edgelist', 'nethept.edgelist', 'epinions.edgelist'];

/**
 * Sway's Louvain on typed arrays against graphology-communities-louvain on the same undirected weighted graph, same
 * resolution, both seeded: time (graphology's includes building its graph from the snapshot, as a caller pays it) and
 * the modularity each reaches, on the real networks and an R-MAT graph of 5 million edges.
 */
export const communitiesSection: BenchSection = {
  id: 'communities',
  title: 'Communities: Louvain on typed arrays against graphology-communities-louvain',
  async run(context) {
    const graphs: Array<{ name: string; snapshot: Snapshot }> = [];
    for (const name of DATASETS) {
      const path = join(context.datasetsDir, name);
      if (existsSync(path)) graphs.push({ name, snapshot: await readSnapshot(path, { format: 'edgelist' }) });
      else context.log(`skipped ${name}: not found`);
    }
    graphs.push({ name: 'R-MAT 5M', snapshot: rmatSnapshot({ scale: 20, edges: 5_000_000, seed: 1 }) });
    const rows: Array<Array<string | number>> = [];
    for (const { name, snapshot } of graphs) {
      context.gc();
      let started = performance.now();
      const sway = detectCommunities(snapshot, { seed: 1 });
      const swayMs = performance.now() - started;
      context.gc();
      started = performance.now();
      const graph = toGraphology(snapshot, { type: 'undirected' });
      const baseline = louvainGraphology.detailed(graph, {
        resolution: 1,
        rng: new Random(1).asFunction(),
        getEdgeWeight: 'weight',
      });
      const baselineMs = performance.now() - started;
      rows.push([
        name,
        snapshot.edgeCount,
        Math.round(swayMs),
        Math.round(baselineMs),
        `${(baselineMs / swayMs).toFixed(1)}x faster`,
        sway.modularity.toFixed(4),
        baseline.modularity.toFixed(4),
        `${sway.count} / ${baseline.count}`,
      ]);
    }
    context.table(
      [
        'graph',
        'edges',
        'Sway ms',
        'graphology ms',
        'ratio',
        'Sway modularity',
        'graphology modularity',
        'communities (Sway / graphology)',
      ],
      rows,
    );
  },
};
