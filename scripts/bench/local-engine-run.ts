import { readSnapshot } from '../../graph/import/index.ts';
import { computeScores } from '../../graph/scores/compute.ts';
import { rmatSnapshot } from './rmat.ts';

/**
 * One local-engine scoring in a process of its own, so that its peak RSS is the engine's alone (the spark bench
 * section compares it with `sway estimate`'s figure). Arguments: a JSON object {file, kind} or {rmat: {scale, edges}},
 * and the computeScores options; prints {people, relationships, durationsMs, totalMs, maxRssBytes} as JSON.
 */
const [graphArg, optionsArg] = process.argv.slice(2);
const graph = JSON.parse(graphArg) as {
  file?: string;
  kind?: 'trusts' | 'influences';
  rmat?: { scale: number; edges: number };
};
const snapshot = graph.rmat
  ? rmatSnapshot({ ...graph.rmat, seed: 1 })
  : await readSnapshot(graph.file!, { format: 'edgelist', kind: graph.kind ?? 'influences' });
const started = performance.now();
const set = await computeScores(snapshot, JSON.parse(optionsArg));
process.stdout.write(
  `${JSON.stringify({
    people: snapshot.nodeCount,
    relationships: snapshot.edgeCount,
    durationsMs: set.meta.durationsMs,
    totalMs: Math.round(performance.now() - started),
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  })}\n`,
);
