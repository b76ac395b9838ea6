import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { InputError } from '../errors.ts';
import type { ImportBatch, RelationshipKind } from '../model.ts';
import { BatchCollector, readLineChunks, splitWhitespace } from './batches.ts';
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
  for await (const { lines, first } of readLineChunks(createReadStream(path, { highWaterMark: 1 << 20 }))) {
    for (let k = 0; k < lines.length; k++) {
      const fields = splitWhitespace(lines[k]);
      if (fields.length === 0) continue;
      const c = fields[0].charCodeAt(0);
      if (c === 35 || c === 37) continue; // '#' or '%' comment
      const line = first + k;
      if (fields.length < 2)
        throw new InputError(file, line, 'target', 'is missing (expected "source target [weight [time]]")');
      if (fields.length > 4) throw new InputError(file, line, 'line', `has ${fields.length} fields, expected 2 to 4`);
      const at = { file, line };
      const u = fields[0].length <= 256 ? fields[0] : requiredId(fields[0], at, 'source');
      const v = fields[1].length <= 256 ? fields[1] : requiredId(fields[1], at, 'target');
      const weight = fields.length > 2 ? optionalWeight(fields[2], at) : 1;
      const time = fields.length > 3 ? optionalTime(fields[3], at) : undefined;
      const reverse = options.kind !== 'influences';
      const source = reverse ? v : u;
      const target = reverse ? u : v;
      collector.relationship(
        time === undefined
          ? { source, target, kind: options.kind, weight }
          : { source, target, kind: options.kind, weight, time },
      );
      if (options.undirected) {
        collector.relationship(
          time === undefined
            ? { source: target, target: source, kind: options.kind, weight }
            : { source: target, target: source, kind: options.kind, weight, time },
        );
      }
      if (collector.full) yield collector.take();
    }
  }
  if (!collector.empty) yield collector.take();
}
