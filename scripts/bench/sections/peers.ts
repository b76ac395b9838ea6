import { betweenness } from '../../../graph/algorithms/betweenness.ts';
import { detectCommunities } from '../../../graph/algorithms/communities.ts';
import { coreNumbers } from '../../../graph/algorithms/cores.ts';
import { pagerank } from '../../../graph/algorithms/pagerank.ts';
import { reach } from '../../../graph/algorithms/reach.ts';
import { readSnapshot } from '../../../graph/import/index.ts';
import { whenWorkersReady } from '../../../graph/parallel/pool.ts';
import { defaultThreads } from '../../../graph/parallel/threads.ts';
import { runPythonPeers, type PeerFigure } from '../peers.ts';
import { type BenchSection, requirePlainDataset } from '../section.ts';

const TASKS = ['ingest', 'pagerank', 'louvain', 'kcore', 'reach2', 'betweenness'] as const;
const BETWEENNESS_SAMPLES = 256;

const DESCRIPTION: Record<(typeof TASKS)[number], string> = {
  ingest: 'file -> graph',
  pagerank: 'PageRank to 1e-10 (igraph: PRPACK)',
  louvain: 'Louvain (networkit: PLM)',
  kcore: 'k-core',
  reach2: 'two-hop reach of everyone (igraph: exact)',
  betweenness: `betweenness, ${BETWEENNESS_SAMPLES} sampled sources`,
};

/**
 * Sway against networkit and igraph on epinions (who-trusts-whom, read with --kind trusts), each library reading the
 * same file in the same run: ratios Sway/peer below 1 mean Sway is faster. Sway's parallel families run on every core
 * (its workers started beforehand), networkit on its OpenMP threads, igraph on one.
 */
export const peersSection: BenchSection = {
  id: 'peers',
  title: 'Peers: Sway against networkit and igraph on the same file, same run',
  async run(context) {
    await whenWorkersReady(defaultThreads() - 1);
    const file = requirePlainDataset(context, 'epinions.edgelist');
    const sway = new Map<string, { ms: number; note: string }>();
    const time = <T>(task: string, run: () => T, note: (value: T) => string = () => ''): T => {
      const started = performance.now();
      const value = run();
      sway.set(task, { ms: performance.now() - started, note: note(value) });
      return value;
    };
    const started = performance.now();
    const snapshot = await readSnapshot(file, { format: 'edgelist', kind: 'trusts' });
    sway.set('ingest', {
      ms: performance.now() - started,
      note: `${((snapshot.edgeCount / (performance.now() - started)) * 1e-3).toFixed(2)}M edges/s`,
    });
    time(
      'pagerank',
      () => pagerank(snapshot),
      (r) => `${r.iterations} Gauss-Seidel sweeps`,
    );
    time(
      'louvain',
      // Louvain against Louvain: Sway's default method is Leiden, which refines every level and costs more.
      () => detectCommunities(snapshot, { seed: 1, method: 'louvain' }),
      (r) => `modularity ${r.modularity.toFixed(3)}`,
    );
    time('kcore', () => coreNumbers(snapshot));
    time(
      'reach2',
      () => reach(snapshot),
      (r) => `${r.estimatedCount} of ${snapshot.nodeCount} estimated`,
    );
    time('betweenness', () => betweenness(snapshot, { samples: BETWEENNESS_SAMPLES }));
    const peers = runPythonPeers(file, 'reversed', [...TASKS], { samples: BETWEENNESS_SAMPLES });
    if (!peers)
      context.log("networkit and igraph are not installed (pip install networkit igraph): Sway's figures alone.");
    const figure = (peer: PeerFigure['peer'], task: string) => peers?.find((f) => f.peer === peer && f.task === task);
    const cell = (peer: PeerFigure['peer'], task: string): [string | number, string] => {
      const f = figure(peer, task);
      if (!f) return ['-', '-'];
      const ms = f.seconds * 1000;
      return [Math.round(ms), (sway.get(task)!.ms / ms).toFixed(2)];
    };
    context.log(
      `epinions, ${snapshot.edgeCount.toLocaleString('en-US')} edges; Sway on ${defaultThreads()} threads where a family is parallel`,
    );
    context.table(
      ['task', 'Sway ms', 'networkit ms', 'Sway/networkit', 'igraph ms', 'Sway/igraph', 'Sway'],
      TASKS.map((task) => [
        DESCRIPTION[task],
        Math.round(sway.get(task)!.ms),
        ...cell('networkit', task),
        ...cell('igraph', task),
        sway.get(task)!.note,
      ]),
    );
  },
};
