import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pagerankModule from 'graphology-metrics/centrality/pagerank.js';
import { DirectedGraph } from 'graphology';
import { pagerank } from '../../../graph/algorithms/pagerank.ts';
import { readSnapshot } from '../../../graph/import/index.ts';
import { computeScores } from '../../../graph/scores/compute.ts';
import type { Snapshot } from '../../../graph/snapshot.ts';
import { whenWorkersReady } from '../../../graph/parallel/pool.ts';
import { defaultThreads } from '../../../graph/parallel/threads.ts';
import { pagerankFloor, runPythonPeers } from '../peers.ts';
import { rmatEdges, rmatSnapshot } from '../rmat.ts';
import { type BenchContext, type BenchSection, median, requireDataset, requirePlainDataset } from '../section.ts';

// CommonJS typed as an ES default export: at run time the default import is the function itself.
const pagerankGraphology = pagerankModule as unknown as typeof pagerankModule.default;

const TOLERANCE = 1e-10;
/** Up to this many edges, graphology's PageRank iterations are sought (see comparePageRank). */
const ITERATIONS_SOUGHT_UP_TO = 1_000_000;
/** graphology needs about 550 bytes an edge: beyond this the baseline is skipped rather than exhausting memory. */
const GRAPHOLOGY_MAX_EDGES = 6_000_000;

/** Heap and array buffers in use after two full collections (one can leave what a finaliser or weak map frees). */
function heapBytes(context: BenchContext): number {
  context.gc();
  context.gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

/**
 * The environment the `sway` command starts Node with: the `NAME=value` assignments of its shebang
 * (`#!/usr/bin/env -S NAME=value node`), read from the launcher itself so the bench measures what users run.
 */
function launcherEnvironment(): Record<string, string> {
  const launcher = join(import.meta.dirname, '..', '..', 'sway.mjs');
  const shebang = readFileSync(launcher, 'utf8').split('\n', 1)[0];
  const assignments = shebang.split(/\s+/).filter((word) => /^[A-Z_]+=/.test(word));
  return Object.fromEntries(assignments.map((word) => word.split('=', 2) as [string, string]));
}

/**
 * The RSS an imported graph costs, each reading in a fresh process (import-memory.ts): as the `sway` command runs
 * (its launcher fixes glibc's mmap threshold at 128 KiB, so the import's freed working arrays go back to the system),
 * and as a library in a process left with glibc's default malloc, whose mmap threshold rises to the size of each
 * large block freed, so those arrays stay in its heap for reuse. The first figure is what the snapshot itself costs.
 */
function reportImportMemory(context: BenchContext, file: string): void {
  const script = join(import.meta.dirname, '..', 'import-memory.ts');
  const probe = (env: NodeJS.ProcessEnv) => {
    const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', script, file], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
    if (run.status !== 0) throw new Error(`the import memory probe failed: ${run.stderr}`);
    return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { heldBytesPerEdge: number; rssBytesPerEdge: number };
  };
  const launcher = launcherEnvironment();
  if (!launcher.MALLOC_MMAP_THRESHOLD_) context.log('the sway launcher no longer fixes the mmap threshold');
  const asSway = probe(launcher);
  const plain = probe({ MALLOC_MMAP_THRESHOLD_: undefined });
  context.log(
    `epinions held in a fresh process: ${asSway.heldBytesPerEdge.toFixed(1)} B/edge of heap and array buffers; RSS ` +
      `growth ${asSway.rssBytesPerEdge.toFixed(1)} B/edge as the sway command runs (its launcher sets ` +
      `${Object.entries(launcher)
        .map(([name, value]) => `${name}=${value}`)
        .join(' ')}; target 40), ${plain.rssBytesPerEdge.toFixed(1)} B/edge in a process left with glibc's default ` +
      "malloc, which keeps the import's freed working memory for reuse.",
  );
}

/** The attention graph (reverse of influence) as graphology holds it, for graphology-metrics' pagerank. */
function attentionGraphology(snapshot: Snapshot): DirectedGraph {
  const graph = new DirectedGraph();
  for (let i = 0; i < snapshot.nodeCount; i++) graph.addNode(i);
  for (let s = 0; s < snapshot.nodeCount; s++) {
    for (let e = snapshot.outOffsets[s]; e < snapshot.outOffsets[s + 1]; e++) graph.addEdge(snapshot.outTargets[e], s);
  }
  return graph;
}

interface PageRankComparison {
  swayMs: number;
  iterations: number;
  graphologyMs: number | null;
  graphologyIterations: number | null;
}

/**
 * Both implementations run to the same fixed point: L1 change below 1e-10 (graphology-metrics stops when the change is
 * below N x tolerance, so it gets tolerance 1e-10 / N). graphology's time includes indexing its graph, as a caller pays
 * it; its iteration count is found by raising maxIterations until it stops throwing "failed to converge".
 */
function comparePageRank(snapshot: Snapshot, withGraphology: boolean): PageRankComparison {
  let started = performance.now();
  const sway = pagerank(snapshot, { tolerance: TOLERANCE });
  const swayMs = performance.now() - started;
  if (!withGraphology) return { swayMs, iterations: sway.iterations, graphologyMs: null, graphologyIterations: null };
  const graph = attentionGraphology(snapshot);
  const options = { alpha: 0.85, tolerance: TOLERANCE / snapshot.nodeCount, getEdgeWeight: null };
  started = performance.now();
  pagerankGraphology(graph, { ...options, maxIterations: 10_000 });
  const graphologyMs = performance.now() - started;
  // graphology runs the power method and does not say how many iterations it made: they are sought by running it
  // again with fewer allowed, from just under the count of Sway's power solver (Sway's default, Gauss-Seidel with
  // extrapolation, needs about a quarter of the sweeps). Each try is a whole run: on large graphs the count is not
  // sought and the comparison is end to end only.
  let graphologyIterations: number | null = null;
  if (snapshot.edgeCount <= ITERATIONS_SOUGHT_UP_TO) {
    const power = pagerank(snapshot, { tolerance: TOLERANCE, solver: 'power', threads: 1 }).iterations;
    for (let k = Math.max(1, power - 3); k <= power + 20; k++) {
      try {
        pagerankGraphology(graph, { ...options, maxIterations: k });
        graphologyIterations = k;
        break;
      } catch {
        // not converged within k iterations
      }
    }
  }
  return { swayMs, iterations: sway.iterations, graphologyMs, graphologyIterations };
}

function reportPageRank(context: BenchContext, name: string, snapshot: Snapshot, result: PageRankComparison): void {
  const perEdgeIteration = (ms: number, iterations: number) => (ms * 1e6) / (iterations * snapshot.edgeCount);
  const sway = perEdgeIteration(result.swayMs, result.iterations);
  const rows: Array<Array<string | number>> = [
    [`${name} Sway`, result.iterations, Math.round(result.swayMs), sway, ''],
  ];
  if (result.graphologyMs !== null && result.graphologyIterations === null) {
    rows.push([`${name} graphology-metrics`, 'not sought', Math.round(result.graphologyMs), '-', '']);
    rows[0][4] = `${(result.graphologyMs / result.swayMs).toFixed(1)}x faster end to end`;
  } else if (result.graphologyMs !== null && result.graphologyIterations !== null) {
    const graphology = perEdgeIteration(result.graphologyMs, result.graphologyIterations);
    rows.push([
      `${name} graphology-metrics`,
      result.graphologyIterations,
      Math.round(result.graphologyMs),
      graphology,
      '',
    ]);
    rows[0][4] = `${(graphology / sway).toFixed(1)}x faster per edge-iteration, ${(result.graphologyMs / result.swayMs).toFixed(1)}x end to end`;
  } else
    rows.push([
      `${name} graphology-metrics`,
      '-',
      '-',
      '-',
      `skipped above ${GRAPHOLOGY_MAX_EDGES.toLocaleString('en-US')} edges (~550 B/edge)`,
    ]);
  context.table(['PageRank to L1 change 1e-10', 'iterations', 'ms', 'ns/edge-iteration', 'ratio'], rows);
}

const FLOOR_SWEEPS = 100;

/** Pairs of one-thread and every-thread runs, interleaved so that a drift of the machine's speed hits both alike. */
const THREAD_PAIRS = 3;

/**
 * PageRank's sweep against the C++ CSR pull floor on the same file: 100 power sweeps each (targets: at most 1.5x the
 * floor's time per edge-sweep on one thread, at least 1.7x faster on two). Sway runs on one thread and on every thread
 * in turn, THREAD_PAIRS times: the times are medians, the speed-up the median of each pair's ratio.
 */
function compareWithFloor(context: BenchContext, name: string, file: string, snapshot: Snapshot): void {
  const perEdgeSweep = (ms: number) => (ms * 1e6) / (FLOOR_SWEEPS * snapshot.edgeCount);
  const sweeps = (threads: number) => {
    const started = performance.now();
    pagerank(snapshot, { solver: 'power', threads, tolerance: Number.MIN_VALUE, maxIterations: FLOOR_SWEEPS });
    return perEdgeSweep(performance.now() - started);
  };
  const parallel = defaultThreads() > 1;
  const singles: number[] = [];
  const alls: number[] = [];
  for (let pair = 0; pair < THREAD_PAIRS; pair++) {
    singles.push(sweeps(1));
    if (parallel) alls.push(sweeps(defaultThreads()));
  }
  const one = median(singles);
  const all = parallel ? median(alls) : null;
  const speedUps = alls.map((time, pair) => singles[pair] / time);
  const floor = pagerankFloor(file, FLOOR_SWEEPS);
  const rows: Array<Array<string | number>> = [
    [`${name} Sway, 1 thread`, one, floor ? (one / floor.nsPerEdgeIteration).toFixed(2) : '-', ''],
  ];
  if (all !== null)
    rows.push([
      `${name} Sway, ${defaultThreads()} threads`,
      all,
      floor ? (all / floor.nsPerEdgeIteration).toFixed(2) : '-',
      `${median(speedUps).toFixed(2)}x faster than 1 thread (pairs: ${speedUps.map((r) => r.toFixed(2)).join(', ')})`,
    ]);
  rows.push([
    `${name} C++ CSR pull floor`,
    floor ? floor.nsPerEdgeIteration : '-',
    floor ? '1' : '-',
    floor ? '' : 'g++ not found: floor not measured',
  ]);
  context.table([`PageRank, ${FLOOR_SWEEPS} power sweeps`, 'ns/edge-sweep', 'of the floor', ''], rows);
}

async function writeEdgeList(path: string, scale: number, edges: number): Promise<void> {
  const out = createWriteStream(path);
  let buffer = '';
  for (const [u, v] of rmatEdges({ scale, edges, seed: 7 })) {
    buffer += `${u}\t${v}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}

export const engineSection: BenchSection = {
  id: 'engine',
  title: 'Analytics engine: import, snapshot memory, PageRank against graphology-metrics, scoring at scale',
  async run(context) {
    // Epinions: a real 508,837-edge who-trusts-whom network. The import is timed cold (the first in this process, as
    // a user's first import is); what holding it costs is measured on a second import, once the importer's code is
    // loaded and compiled, which the first import's figure would otherwise count as if the graph held it. The first
    // snapshot stays referenced until both readings are taken: its collection in between would offset the figure.
    const epinionsFile = requireDataset(context, 'epinions.edgelist');
    const readEpinions = () => readSnapshot(epinionsFile, { format: 'edgelist', kind: 'trusts' });
    let started = performance.now();
    const cold = await readEpinions();
    const importSeconds = (performance.now() - started) / 1000;
    const before = heapBytes(context);
    const rssBefore = process.memoryUsage().rss;
    const epinions = await readEpinions();
    const heldBytes = heapBytes(context) - before;
    const rssBytes = process.memoryUsage().rss - rssBefore;
    if (cold.edgeCount !== epinions.edgeCount) throw new Error('epinions read differently twice');
    context.table(
      [
        'epinions',
        'people',
        'edges',
        'import edges/s',
        'typed arrays B/edge',
        'all held B/edge (ids too)',
        'RSS growth B/edge',
      ],
      [
        [
          '',
          epinions.nodeCount,
          epinions.edgeCount,
          Math.round(epinions.edgeCount / importSeconds),
          epinions.byteSize() / epinions.edgeCount,
          heldBytes / epinions.edgeCount,
          rssBytes / epinions.edgeCount,
        ],
      ],
    );
    reportImportMemory(context, requirePlainDataset(context, 'epinions.edgelist'));
    reportPageRank(context, 'epinions', epinions, comparePageRank(epinions, true));
    await whenWorkersReady(defaultThreads() - 1);
    compareWithFloor(context, 'epinions', requirePlainDataset(context, 'epinions.edgelist'), epinions);
    started = performance.now();
    const set = await computeScores(epinions);
    context.log(
      `epinions all scores: ${Math.round(performance.now() - started)} ms ${JSON.stringify(set.meta.durationsMs)}`,
    );

    // An R-MAT file of 20 million lines: file -> snapshot (target under 15 s, against networkit reading the same file),
    // and PageRank's sweeps against the floor on it.
    const folder = mkdtempSync(join(tmpdir(), 'sway-bench-'));
    try {
      const file = join(folder, 'rmat-20m.edgelist');
      await writeEdgeList(file, 22, 20_000_000);
      context.gc();
      started = performance.now();
      const fromFile = await readSnapshot(file, { format: 'edgelist' });
      const seconds = (performance.now() - started) / 1000;
      const networkit = runPythonPeers(file, 'as-given', ['ingest'], { peers: ['networkit'] })?.find(
        (f) => f.peer === 'networkit',
      );
      context.log(
        `edge-list import of a 20,000,000-line R-MAT file (${(statSync(file).size / 2 ** 20).toFixed(0)} MiB): ${seconds.toFixed(1)} s, ` +
          `${Math.round(20_000_000 / seconds).toLocaleString('en-US')} lines/s (${fromFile.edgeCount.toLocaleString('en-US')} distinct edges); ` +
          (networkit
            ? `networkit ${networkit.seconds.toFixed(1)} s (Sway/networkit ${(seconds / networkit.seconds).toFixed(2)})`
            : 'networkit not installed'),
      );
      compareWithFloor(context, 'R-MAT 20M', file, fromFile);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    for (const [scale, edges] of [
      [20, 5_000_000],
      [22, 20_000_000],
      [23, 50_000_000],
    ] as const) {
      const heap = heapBytes(context);
      started = performance.now();
      const snapshot = rmatSnapshot({ scale, edges, seed: 1 });
      const buildSeconds = (performance.now() - started) / 1000;
      const held = heapBytes(context) - heap;
      const name = `R-MAT ${(edges / 1e6).toFixed(0)}M`;
      context.log(
        `${name}: ${snapshot.nodeCount.toLocaleString('en-US')} people, ${snapshot.edgeCount.toLocaleString('en-US')} distinct edges, ` +
          `built in ${buildSeconds.toFixed(1)} s (${Math.round(edges / buildSeconds).toLocaleString('en-US')} edges/s), ` +
          `${(held / snapshot.edgeCount).toFixed(1)} B/edge held`,
      );
      reportPageRank(context, name, snapshot, comparePageRank(snapshot, snapshot.edgeCount <= GRAPHOLOGY_MAX_EDGES));
      if (edges >= 50_000_000) {
        started = performance.now();
        const scored = await computeScores(snapshot, {
          only: ['influence', 'reach', 'structure', 'communities'],
          options: { structure: { betweennessSamples: 8 } },
        });
        context.log(
          `${name} scored (influence, reach, structure with 8 betweenness samples, communities) in ${((performance.now() - started) / 1000).toFixed(1)} s ` +
            `${JSON.stringify(scored.meta.durationsMs)}; peak RSS of the bench process ${(process.resourceUsage().maxRSS / 2 ** 20).toFixed(1)} GiB of 24`,
        );
      }
    }
  },
};
