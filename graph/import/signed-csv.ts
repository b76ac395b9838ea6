import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { InputError, InvalidOptionsError } from '../errors.ts';
import { influenceDirection, type ImportBatch, type RelationshipKind } from '../model.ts';
import { BatchCollector, readLineChunks } from './batches.ts';
import { optionalNumber, optionalTime, requiredId, scaleRating } from './fields.ts';

export interface SignedCsvOptions {
  /** What "source rated target" implies for influence; `trusts` (default): the rated person influences the rater. */
  kind: RelationshipKind;
  /** The range ratings are declared in; they are scaled linearly onto [-1, 1]. */
  ratingRange: readonly [number, number];
  batchSize: number;
}

/**
 * Signed, weighted ratings: `source,target,rating[,time]` (source rated target), an optional header row. The stored
 * relationship carries the rating as "the target's rating of the source" after the kind's reversal (graph/model.ts),
 * so with `trusts` the rater is the listener.
 */
export async function* readSignedCsv(path: string, options: SignedCsvOptions): AsyncGenerator<ImportBatch> {
  const file = basename(path);
  if (options.kind === 'influences') {
    throw new InvalidOptionsError(
      'import signed-csv',
      'a rating means the rater listens to the rated person: use kind "trusts" or "follows"',
    );
  }
  const collector = new BatchCollector(options.batchSize);
  for await (const { lines, first } of readLineChunks(createReadStream(path, { highWaterMark: 1 << 20 }))) {
    for (let k = 0; k < lines.length; k++) {
      const trimmed = lines[k].trim();
      if (trimmed === '' || trimmed.startsWith('#')) continue;
      const line = first + k;
      const fields = trimmed.split(',');
      if (line === 1 && fields[2]?.trim().toLowerCase() === 'rating') continue;
      const at = { file, line };
      if (fields.length < 3)
        throw new InputError(
          file,
          line,
          fields.length < 2 ? 'target' : 'rating',
          'is missing (expected "source,target,rating[,time]")',
        );
      const u = requiredId(fields[0], at, 'source');
      const v = requiredId(fields[1], at, 'target');
      const raw = optionalNumber(fields[2], at, 'rating');
      if (raw === undefined) throw new InputError(file, line, 'rating', 'is missing');
      const rating = scaleRating(raw, options.ratingRange, at);
      const time = optionalTime(fields[3], at);
      const [source, target] = influenceDirection(u, v, options.kind);
      collector.relationship({
        source,
        target,
        kind: options.kind,
        weight: 1,
        rating,
        ...(time !== undefined && { time }),
      });
      if (collector.full) yield collector.take();
    }
  }
  if (!collector.empty) yield collector.take();
}
