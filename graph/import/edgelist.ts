import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { InputError } from '../errors.ts';
import { influenceDirection, type ImportBatch, type RelationshipKind } from '../model.ts';
import { BatchCollector, readLines } from './batches.ts';
import { optionalTime, optionalWeight, requiredId } from './fields.ts';

export interface EdgeListOptions {
  /** What an edge `u v` means: `influences` keeps it, `follows`/`trusts` reverse it. */
  kind: RelationshipKind;
  /** Each line is a mutual relationship (friendship): both directions are stored. */
  undirected: boolean;
  batchSize: number;
}

/**
 * SNAP-style edge lists: `#` or `%` comment lines, then `source target [weight [time]]` separated by tabs or spaces.
 * The file is read as a stream of chunks, never held whole.
 */
export async function* readEdgeList(path: string, options: EdgeListOptions): AsyncGenerator<ImportBatch> {
  const file = basename(path);
  const collector = new BatchCollector(options.batchSize);
  for await (const [text, line] of readLines(createReadStream(path, { highWaterMark: 1 << 20 }))) {
    const trimmed = text.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('%')) continue;
    const fields = trimmed.split(/[\t ]+/);
    const at = { file, line };
    if (fields.length < 2) throw new InputError(file, line, 'target', 'is missing (expected "source target [weight [time]]")');
    if (fields.length > 4) throw new InputError(file, line, 'line', `has ${fields.length} fields, expected 2 to 4`);
    const u = requiredId(fields[0], at, 'source');
    const v = requiredId(fields[1], at, 'target');
    const weight = optionalWeight(fields[2], at);
    const time = optionalTime(fields[3], at);
    const [source, target] = influenceDirection(u, v, options.kind);
    collector.relationship({ source, target, kind: options.kind, weight, ...(time !== undefined && { time }) });
    if (options.undirected) collector.relationship({ source: target, target: source, kind: options.kind, weight, ...(time !== undefined && { time }) });
    if (collector.full) yield collector.take();
  }
  if (!collector.empty) yield collector.take();
}
