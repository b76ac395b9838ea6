import { basename } from 'node:path';
import type { ImportBatch, Relationship, RelationshipKind } from '../model.ts';
import type { SnapshotBuilder } from '../snapshot.ts';
import { BatchCollector } from './batches.ts';
import { EdgeListParser } from './edgelist-parser.ts';
import { readInput } from './input.ts';

export interface EdgeListOptions {
  /** What an edge `u v` means: `influences` keeps it, `follows`/`trusts` reverse it. */
  kind: RelationshipKind;
  /** Each line is a mutual relationship (friendship): both directions are stored. */
  undirected: boolean;
  batchSize: number;
}

/** The file's bytes (plain or gzip: input.ts is the one opener), a megabyte at a time. */
function chunks(path: string): AsyncIterable<Buffer> {
  return readInput(path);
}

/**
 * SNAP-style edge lists (edgelist-parser.ts) as batches of people and relationships, for the stores. The file (plain
 * or gzip) is read as a stream of chunks, never held whole.
 */
export async function* readEdgeList(path: string, options: EdgeListOptions): AsyncGenerator<ImportBatch> {
  const collector = new BatchCollector(options.batchSize);
  const reverse = options.kind !== 'influences';
  let pending: Relationship[] = [];
  const parser = new EdgeListParser(basename(path), (u, v, weight, time) => {
    const ids = parser.ids;
    const first = ids.idOf(reverse ? v : u);
    const second = ids.idOf(reverse ? u : v);
    const extra = time === undefined ? {} : { time };
    pending.push({ source: first, target: second, kind: options.kind, weight, ...extra });
    if (options.undirected) pending.push({ source: second, target: first, kind: options.kind, weight, ...extra });
  });
  const drain = function* (): Generator<ImportBatch> {
    for (const relationship of pending) {
      collector.relationship(relationship);
      if (collector.full) yield collector.take();
    }
    pending = [];
  };
  for await (const chunk of chunks(path)) {
    parser.push(chunk);
    yield* drain();
  }
  parser.end();
  yield* drain();
  if (!collector.empty) yield collector.take();
}

/**
 * An edge list straight into a snapshot builder: endpoints as the parser's dense indices, no object per line, and
 * integer ids held as numbers (the builder takes the parser's id index).
 */
export async function readEdgeListInto(
  builder: SnapshotBuilder,
  path: string,
  options: Omit<EdgeListOptions, 'batchSize'>,
): Promise<void> {
  const reverse = options.kind !== 'influences';
  const undirected = options.undirected;
  const parser = new EdgeListParser(basename(path), (u, v, weight) => {
    if (reverse) builder.addEdgeByIndex(v, u, weight);
    else builder.addEdgeByIndex(u, v, weight);
    if (undirected) {
      if (reverse) builder.addEdgeByIndex(u, v, weight);
      else builder.addEdgeByIndex(v, u, weight);
    }
  });
  builder.useIds(parser.ids);
  for await (const chunk of chunks(path)) parser.push(chunk);
  parser.end();
}
