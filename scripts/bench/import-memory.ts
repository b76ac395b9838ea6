import { readSnapshot } from '../../graph/import/index.ts';

/**
 * What holding an imported graph costs, in a process of its own: the file is imported once (so that the importer's
 * code is loaded and compiled), then again, and after two full collections the second snapshot's heap and array
 * buffers and the growth of the process's RSS are read, per edge. The engine bench section runs it with the C
 * library's default allocator settings and with its mmap threshold fixed, to tell what the snapshot holds from what
 * the allocator keeps of the import's freed working memory. Prints one JSON line.
 * Usage: node --expose-gc --import tsx scripts/bench/import-memory.ts <edge list file>
 */
const file = process.argv[2];
const gc = (globalThis as { gc?: () => void }).gc;
if (!file || !gc)
  throw new Error('usage: node --expose-gc --import tsx scripts/bench/import-memory.ts <edge list file>');
const collect = () => {
  gc();
  gc();
  return process.memoryUsage();
};
const first = await readSnapshot(file, { format: 'edgelist', kind: 'trusts' });
const before = collect();
const second = await readSnapshot(file, { format: 'edgelist', kind: 'trusts' });
const after = collect();
const edges = second.edgeCount;
// Also keeps the first snapshot referenced until both readings are taken: its collection in between would offset them.
if (first.edgeCount !== edges) throw new Error(`${file} read differently twice`);
console.log(
  JSON.stringify({
    edges,
    heldBytesPerEdge: (after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) / edges,
    rssBytesPerEdge: (after.rss - before.rss) / edges,
  }),
);
