import { detectCommunities, type CommunityMethod } from '../../graph/algorithms/communities.ts';
import { rmatSnapshot } from './rmat.ts';

/**
 * One community detection on an R-MAT graph in a process of its own, so that its peak RSS is its own: the
 * communities bench section runs it once per method and compares. Prints one JSON line.
 * Usage: node --import tsx scripts/bench/communities-at-scale.ts <leiden|louvain> <scale> <edges>
 */
const [method, scale, edges] = process.argv.slice(2);
const snapshot = rmatSnapshot({ scale: Number(scale), edges: Number(edges), seed: 1 });
(globalThis as { gc?: () => void }).gc?.();
const rssBefore = process.memoryUsage().rss;
const cpu = process.cpuUsage();
const started = performance.now();
const found = detectCommunities(snapshot, { method: method as CommunityMethod, seed: 1 });
const used = process.cpuUsage(cpu);
console.log(
  JSON.stringify({
    method,
    edges: snapshot.edgeCount,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
    modularity: found.modularity,
    communities: found.count,
    peakRssGiB: process.resourceUsage().maxRSS / 2 ** 20,
    rssBeforeGiB: rssBefore / 2 ** 30,
  }),
);
